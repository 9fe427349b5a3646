"""Load ddb-server and dynalite side by side with wrk and print the ratios.

Both servers get the same chat-shaped preload (1,000 conversations of 20 messages, ~300-byte
items), then each scenario runs against each server in turn in this one command: three rounds of
5 s each by default, the servers interleaved, and the tables give each figure's median.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import botocore.config

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import scale  # noqa: E402  bench/scale.py: the growing-table runs of --scale
from chat_items import TEXT, message_item  # noqa: E402
import stack  # noqa: E402  the one way to start processes and tables, shared with the tests
from stack import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PEERS = BENCH / ".peers"
DYNALITE_VERSION = "4.0.0"
SCENARIOS = ["get_item", "put_item", "query", "batch_write_item", "query_gsi", "scan_1mb"]
TABLE = "bench-messages"
# A table whose GSI has a 2+2-attribute key, for ddb-server alone (dynalite has no such keys).
COMPOSITE_TABLE = "bench-composite"

os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")


def list_tables_ok(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        conn.request("POST", "/", body="{}", headers={
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Date": "20260101T000000Z",
            "Authorization": "AWS4-HMAC-SHA256 Credential=b/20260101/us-east-1/dynamodb/"
                             "aws4_request, SignedHeaders=host, Signature=0"})
        return conn.getresponse().status == 200
    except OSError:
        return False


def time_start(peer):
    """Milliseconds from starting `peer` to its first answered ListTables, by bench-start, which
    stops it again. bench/run timed it from Python before (subprocess, http.client every 0.5 ms),
    whose own work and polling the server's threads competed with for the two cores: in memory,
    14.5 ms from Python against 11.6 ms by bench-start (medians of 20, interleaved, 2026-12-06);
    a 20-line C server 4.0 against 3.2 ms."""
    port = free_port()
    out = subprocess.run([str(ROOT / "build" / "bin" / "bench-start"), str(port),
                          *peer.command_for_port(port)], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"{peer.name}: {out.stderr.strip()}")
    return float(out.stdout)


class Peer:
    def __init__(self, name, command_for_port):
        self.name, self.command_for_port = name, command_for_port
        self.process = self.port = None

    def start(self):
        self.port = free_port()
        started = time.perf_counter()
        self.process = subprocess.Popen(self.command_for_port(self.port), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        while not list_tables_ok(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited")
            if time.perf_counter() - started > 30:
                raise RuntimeError(f"{self.name} did not start")
            time.sleep(0.0005)
        return time.perf_counter() - started

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def rss_mb(self):
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"


# What the ceiling answers, by X-Amz-Target: each operation's answer in the preload's shape, so
# that the ceiling moves as many bytes as ddb-server does (GetItem's answer for anything else).
def _answer(body):
    return json.dumps(body, separators=(",", ":"))


CEILING_BODIES = {
    "GetItem": _answer({"Item": message_item("MSG#conv-0001", 5)}),
    "PutItem": "{}",
    "Query": _answer({"Items": [message_item("MSG#conv-0001", j) for j in range(19, -1, -1)],
                      "Count": 20, "ScannedCount": 20, "LastEvaluatedKey": {
                          "pk": {"S": "MSG#conv-0001"},
                          "sk": {"S": "2023-03-19T10:00:00.000000+00:00"}}}),
    "BatchWriteItem": _answer({"UnprocessedItems": {}}),
}


class Ceiling(Peer):
    """Debian's nginx on a free port, answering each request with a fixed answer of its
    operation's shape (CEILING_BODIES): what this machine's HTTP stack and wrk can do for the
    same scripts, with as many worker processes as ddb-server has I/O threads."""

    def __init__(self, workers):
        self.directory = tempfile.mkdtemp(prefix="bench-nginx-")
        super().__init__("nginx", self._command)
        self.workers = workers

    def _command(self, port):
        # nginx takes a quoted string of at most 4 KB: each answer goes as pieces, one map each.
        piece = 3000
        count = max(-(-len(body) // piece) for body in CEILING_BODIES.values())

        def quoted(body):
            return "'" + body.replace("\\", "\\\\").replace("'", "\\'") + "'"

        maps = []
        for i in range(count):
            def part(body):
                return quoted(body[i * piece:(i + 1) * piece])
            lines = [f"    default {part(CEILING_BODIES['GetItem'])};"] + [
                f"    DynamoDB_20120810.{operation} {part(body)};"
                for operation, body in CEILING_BODIES.items()]
            maps.append(f"  map $http_x_amz_target $answer{i} {{\n" + "\n".join(lines) + "\n  }")
        answer = "".join(f"$answer{i}" for i in range(count))
        conf = Path(self.directory) / "nginx.conf"
        conf.write_text(f"""
worker_processes {self.workers};
daemon off;
pid {self.directory}/nginx.pid;
error_log stderr error;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {self.directory}/body;
  keepalive_requests 100000000;
{chr(10).join(maps)}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      default_type application/x-amz-json-1.0;
      return 200 "{answer}";
    }}
  }}
}}
""")
        return ["nginx", "-p", self.directory, "-c", str(conf)]

    def close(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def ensure_dynalite():
    cli = PEERS / "node_modules" / "dynalite" / "cli.js"
    if not cli.exists():
        PEERS.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(PEERS), f"dynalite@{DYNALITE_VERSION}"], check=True)
    return cli


def preload(endpoint, conversations=1000, loaders=4):
    config = botocore.config.Config(retries={"max_attempts": 10}, max_pool_connections=8)
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                          config=config)
    stack.create_table(client, TABLE, stack.CHAT_KEY, stack.CHAT_GSIS)

    def load(conversation):
        pk = f"MSG#conv-{conversation:04d}"
        items = [{"PutRequest": {"Item": message_item(pk, j)}} for j in range(20)]
        # The conversation's two inbox rows: the only rows in the message-group GSI.
        for member in ("a", "b"):
            items.append({"PutRequest": {"Item": {
                "pk": {"S": f"GRP#user-{conversation:04d}-{member}"},
                "sk": {"S": "2023-03-19T10:19:00.000000+00:00"},
                "message_group_uuid": {"S": f"group-{conversation:04d}"},
                "message": {"S": TEXT[:60]}, "user_handle": {"S": "bayko"}}}})
        request = {TABLE: items[:20]}
        while request:
            request = client.batch_write_item(RequestItems=request)["UnprocessedItems"]
        request = {TABLE: items[20:]}
        while request:
            request = client.batch_write_item(RequestItems=request)["UnprocessedItems"]

    with concurrent.futures.ThreadPoolExecutor(loaders) as pool:
        list(pool.map(load, range(conversations)))


def preload_composite(endpoint, conversations=1000):
    """The conversations' inbox rows again, in a table whose GSI keys them by (group, kind) and
    sorts them by (sk, seq): the 1+1 GSI Query's data under a 2+2-attribute key."""
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
    client.create_table(
        TableName=COMPOSITE_TABLE, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t in [
            ("pk", "S"), ("sk", "S"), ("message_group_uuid", "S"), ("kind", "S"), ("seq", "N")]],
        GlobalSecondaryIndexes=[{
            "IndexName": "group-kind-index", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "message_group_uuid", "KeyType": "HASH"},
                          {"AttributeName": "kind", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"},
                          {"AttributeName": "seq", "KeyType": "RANGE"}]}])
    stack.wait_until_active(client, COMPOSITE_TABLE)
    rows = [{"PutRequest": {"Item": {
        "pk": {"S": f"GRP#user-{c:04d}-{member}"},
        "sk": {"S": "2023-03-19T10:19:00.000000+00:00"},
        "message_group_uuid": {"S": f"group-{c:04d}"}, "kind": {"S": "inbox"},
        "seq": {"N": "1"}, "message": {"S": TEXT[:60]}, "user_handle": {"S": "bayko"}}}}
        for c in range(conversations) for member in ("a", "b")]
    for start in range(0, len(rows), 25):
        request = {COMPOSITE_TABLE: rows[start:start + 25]}
        while request:
            request = client.batch_write_item(RequestItems=request)["UnprocessedItems"]


def parse_latency(text):
    value, unit = float(text[:-2] if text.endswith(("us", "ms")) else text[:-1]), \
        text[-2:] if text.endswith(("us", "ms")) else text[-1:]
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(endpoint, scenario, duration, connections, threads):
    return wrk(endpoint, ["common.lua", f"{scenario}.lua"], duration, connections, threads)


def wrk(url, scripts, duration, connections, threads, env=None):
    """Runs wrk with the concatenation of `scripts` (in bench/wrk) against `url`: req/s, p50 and
    p99 in ms, and the count of failed requests."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        for name in scripts:
            script.write((BENCH / "wrk" / name).read_text())
    try:
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s",
                              "--latency", "--timeout", "30s", "-s", script.name, url],
                             capture_output=True, text=True, check=True,
                             env={**os.environ, **(env or {})}).stdout
    finally:
        os.unlink(script.name)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ["50", "99"]:
        result[f"p{pct}"] = parse_latency(re.search(rf"\s{pct}%\s+([\d.]+\w+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = int(bad.group(1)) if bad else 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", out)
    if socket_errors:
        result["errors"] += sum(int(g) for g in socket_errors.groups())
    return result


# bench-latency's requests (bench/latency_client.cc fills {n} with a counter): a PutItem of a
# fresh message, a GetItem of a preloaded one.
LATENCY_PROBES = {
    "put_item": ("PutItem", json.dumps({"TableName": TABLE,
                                        "Item": message_item("MSG#latency-{n}", 0)})),
    "get_item": ("GetItem", json.dumps({"TableName": TABLE, "Key": {
        key: value for key, value in message_item("MSG#conv-0001", 5).items()
        if key in ("pk", "sk")}})),
}


def latency_probe(port, scenario, duration, connections):
    """Runs bench-latency: one request in flight per connection and nothing between a reply and
    the next request; req/s, p50, p99 and p99.9 in ms, and the count of failed requests."""
    target, body = LATENCY_PROBES[scenario]
    out = subprocess.run([str(ROOT / "build" / "bin" / "bench-latency"), str(port), str(duration),
                          str(connections), target, body],
                         capture_output=True, text=True, check=True).stdout.split()
    figures = dict(zip(out[::2], out[1::2]))
    return {"rps": float(figures["rps"]), "p50": float(figures["p50"]),
            "p99": float(figures["p99"]), "p999": float(figures["p999"]),
            "errors": int(figures["errors"])}


def pause_probe(seconds, cores=None):
    """Runs bench-pauses (bench/pause_probe.cc) for `seconds` on an otherwise idle machine,
    spinning on `cores` cores (default all): the gaps over 1 and 10 ms in which a spinning thread
    did not run, the longest, the time lost per core, and the pauses every core saw at once."""
    out = subprocess.run([str(ROOT / "build" / "bin" / "bench-pauses"), str(seconds)]
                         + ([str(cores)] if cores else []),
                         capture_output=True, text=True, check=True).stdout.split()
    return {key: float(value) for key, value in zip(out[::2], out[1::2])}


def describe_pauses(p):
    return (f"{p['gaps_over_10ms']:.0f} gaps over 10 ms on {p['cores']:.0f} cores in "
            f"{p['seconds']:g} s ({p['together']:.0f} on every core at once), longest "
            f"{p['longest']:.1f} ms; {p['lost_per_core']:.0f} ms lost a core in gaps over 1 ms")


def print_comparison(title, scenarios, results):
    """Prints one row per scenario of ddb-server against dynalite (results keyed by
    (scenario, peer name)), and against the nginx ceiling when it ran; returns the number of
    failed requests, which makes a run invalid."""
    width = max(len(title), *(len(s) for s in scenarios)) + 2
    ceiling = all((scenario, "nginx") in results for scenario in scenarios)
    print(f"{title:<{width}}{'ddb-server req/s':>17}{'p50 ms':>8}{'p99 ms':>8}"
          f"{'dynalite req/s':>16}{'p50 ms':>8}{'p99 ms':>8}{'ratio':>8}"
          + (f"{'nginx req/s':>13}{'to ceiling':>12}{'nginx/dynalite':>16}" if ceiling else "")
          + f"{'errors':>8}")
    failed = 0
    for scenario in scenarios:
        ours, theirs = results[(scenario, "ddb-server")], results[(scenario, "dynalite")]
        errors = ours["errors"] + theirs["errors"]
        failed += errors
        top = ""
        if ceiling:
            nginx = results[(scenario, "nginx")]
            top = (f"{nginx['rps']:>13,.0f}{ours['rps'] / nginx['rps']:>12.2f}"
                   f"{nginx['rps'] / theirs['rps']:>15.1f}x")
        print(f"{scenario:<{width}}{ours['rps']:>17,.0f}{ours['p50']:>8.2f}{ours['p99']:>8.2f}"
              f"{theirs['rps']:>16,.0f}{theirs['p50']:>8.2f}{theirs['p99']:>8.2f}"
              f"{ours['rps'] / theirs['rps']:>7.1f}x{top}{errors:>8}")
    return failed


def run_rounds(runs, rounds):
    """Runs each of `runs` (name, a function making one run) `rounds` times, interleaved, each
    round starting with the next in turn, so that a slow minute of the machine falls on every
    one alike; {name: the median of each figure over the rounds (req/s, p50, p99...), and every
    round's errors}."""
    results = {name: [] for name, _ in runs}
    for r in range(rounds):
        for name, run in runs[r % len(runs):] + runs[:r % len(runs)]:
            results[name].append(run())
    return {name: {key: sum(x[key] for x in rs) if key == "errors" else
                   statistics.median(x[key] for x in rs) for key in rs[0]}
            for name, rs in results.items()}


def percentile(ordered, q):
    """The q-quantile (0..1) of an ascending list."""
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--duration", type=int, default=5, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="wrk runs of each scenario on each server, the servers interleaved; "
                             "the tables give the medians")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--server-threads", type=int, default=1,
                        help="ddb-server I/O threads (default 1, as dynalite has one: wrk needs "
                             "the other core of a 2-core machine; 0 is ddb-server's own default, "
                             "one per core)")
    parser.add_argument("--in-memory", action="store_true",
                        help="run ddb-server in memory (default: durable, on disk)")
    parser.add_argument("--no-own", action="store_true",
                        help="skip the scenarios of what dynalite has not (a 2+2-attribute GSI "
                             "Query, a PartiQL SELECT), run on ddb-server alone")
    parser.add_argument("--no-modes", action="store_true",
                        help="skip GetItem and PutItem under the other load modes (wrk -t2 -c16, "
                             "and -t1 -c1 for the latency of one client)")
    parser.add_argument("--pause-probe", type=float, default=5, metavar="SECONDS",
                        help="before the scenarios, watch for pauses of the machine for this long "
                             "with one core busy, then with every core (bench-pauses; 0: not at "
                             "all)")
    parser.add_argument("--no-ceiling", action="store_true",
                        help="skip the HTTP ceiling (nginx answering each operation's scripts "
                             "with a fixed answer of its shape)")
    parser.add_argument("--scale", nargs="?", const=scale.DEFAULT_STEPS, metavar="ITEMS,...",
                        help="also load a durable table of each of these sizes (default "
                             f"{scale.DEFAULT_STEPS}), each on a server of its own, by "
                             "BatchWriteItem and measure GetItem and Query on each, the sizes "
                             "interleaved in three rounds, under wrk -t2 -c16")
    parser.add_argument("--baseline", metavar="BINARY",
                        help="another ddb-server binary (an earlier build) run in the same way, "
                             "for before/after ratios in this one run")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run([str(ROOT / "scripts" / "build")], check=True, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is not installed (scripts/setup installs it)")
    dynalite_cli = ensure_dynalite()

    data_dir = tempfile.mkdtemp(prefix="ddb-bench-")  # one subdirectory per ddb-server binary

    def server_command(binary, name):
        mode = ["--in-memory"] if args.in_memory else ["--db-path", os.path.join(data_dir, name)]
        return lambda port: [str(binary), "--host", "127.0.0.1", "--port", str(port),
                             "--threads", str(args.server_threads), *mode]

    ours_command = server_command(ROOT / "build" / "bin" / "ddb-server", "ours")

    def dynalite_command(port):
        return ["node", str(dynalite_cli), "--port", str(port)]

    peers = [Peer("ddb-server", ours_command), Peer("dynalite", dynalite_command)]
    if args.baseline:
        peers.append(Peer("baseline", server_command(args.baseline, "baseline")))
    ddb_servers = [peer for peer in peers if peer.name != "dynalite"]
    settled = {}  # what's next -> the longest any ddb-server took to come to rest before it

    def settle(before):
        """Lets every ddb-server's flushes and compactions end before `before` runs: a scenario
        is measured on servers at rest, not on the merges of the writes of the one before it
        (a durable server after BatchWriteItem's rounds has ~1.7M items of them to merge, at
        idle priority, while another server is measured). What that took is reported."""
        if not args.in_memory:
            settled[before] = max(scale.settle(peer.process.pid, 0) for peer in ddb_servers)
    if not args.no_ceiling and not shutil.which("nginx"):
        sys.exit("bench: nginx is not installed (scripts/setup installs it), or pass --no-ceiling")
    # The ceiling has nginx's workers for ddb-server's I/O threads (0: one per core).
    ceiling = None if args.no_ceiling else Ceiling(args.server_threads or os.cpu_count())
    startup = {}
    # Start-up is timed for ddb-server in memory too when the run is durable, and for nginx (a C
    # server with nothing to open) as a reference for this way of timing it, by bench-start
    # (bench/start_timer.cc): from its spawn to its first answered ListTables, polled every 0.1 ms.
    timed = peers + ([ceiling] if ceiling else [])
    if not args.in_memory:
        timed.append(Peer("ddb-server in memory", lambda port: [
            str(ROOT / "build" / "bin" / "ddb-server"), "--host", "127.0.0.1", "--port", str(port),
            "--threads", str(args.server_threads), "--in-memory"]))
    try:
        for peer in timed:
            times = []
            for _ in range(10):
                if not args.in_memory:
                    shutil.rmtree(data_dir, ignore_errors=True)
                times.append(time_start(peer))
            startup[peer.name] = statistics.median(times)
        if not args.in_memory:
            shutil.rmtree(data_dir, ignore_errors=True)
        rss = {}
        for peer in peers:
            peer.start()
            preload(peer.endpoint)
            rss[peer.name] = peer.rss_mb()
        results = {}
        # What dynalite has not, on ddb-server alone, each beside its plain counterpart: the
        # 2+2-attribute GSI Query beside the 1+1 one, a PartiQL SELECT by key beside GetItem.
        own = {}
        if not args.no_own:
            ours = peers[0]
            preload_composite(ours.endpoint)
            settle("ddb-server only")
            # The scenarios interleaved, as the servers are below.
            own = run_rounds([(scenario, lambda scenario=scenario: run_wrk(
                ours.endpoint, scenario, args.duration, args.connections, args.threads))
                for scenario in ["query_gsi", "query_gsi_2x2", "get_item", "partiql_get"]],
                args.rounds)
        loaded = peers + ([ceiling] if ceiling else [])
        if ceiling:
            ceiling.start()
        pauses = {}
        if args.pause_probe:
            pauses["one core busy"] = pause_probe(args.pause_probe, 1)
            pauses["every core busy"] = pause_probe(args.pause_probe)
        for turn, scenario in enumerate(args.scenarios.split(",")):
            settle(scenario)
            # Each scenario starts with the next peer in turn, so that none always runs first.
            order = loaded[turn % len(loaded):] + loaded[:turn % len(loaded)]
            medians = run_rounds([(peer.name, lambda peer=peer: run_wrk(
                peer.endpoint, scenario, args.duration, args.connections, args.threads))
                for peer in order], args.rounds)
            for name, result in medians.items():
                results[(scenario, name)] = result
        # The same requests under the other load modes: two wrk threads, and one client alone.
        modes, probes = {}, {}
        if not args.no_modes:
            for scenario in ("get_item", "put_item"):
                for threads, connections in ((2, 16), (1, 1)):
                    settle(f"{scenario} -t{threads} -c{connections}")
                    medians = run_rounds([(peer.name, lambda peer=peer: run_wrk(
                        peer.endpoint, scenario, args.duration, connections, threads))
                        for peer in loaded if peer.name != "baseline"], args.rounds)
                    for name, result in medians.items():
                        modes[(scenario, threads, connections, name)] = result
            # wrk's p99 against ddb-server is wrk's too (a Lua call per request, a turn of its
            # event loop before each write); bench-latency's is the server's and the kernel's.
            for scenario in LATENCY_PROBES:
                settle(f"{scenario} latency probe")
                medians = run_rounds([(peer.name, lambda peer=peer: latency_probe(
                    peer.port, scenario, args.duration, args.connections))
                    for peer in loaded if peer.name != "baseline"], args.rounds)
                for name, result in medians.items():
                    probes[(scenario, name)] = result
        scaled = None
        if args.scale:
            # Durable whatever the main runs were: the question is what a big table on disk costs.
            os.makedirs(data_dir, exist_ok=True)
            scale_dir = tempfile.mkdtemp(prefix="scale-", dir=data_dir)

            def scale_server(directory):
                return Peer("ddb-server", lambda port: [
                    str(ROOT / "build" / "bin" / "ddb-server"), "--host", "127.0.0.1", "--port",
                    str(port), "--threads", str(args.server_threads), "--db-path", directory])

            # Three rounds of the duration: the sizes interleaved (bench/scale.py).
            scale_seconds = max(3, args.duration)
            scaled = scale.run(scale_server, scale_dir, [int(n) for n in args.scale.split(",")],
                               scale_seconds, 16, 2, wrk)
    finally:
        for peer in peers:
            peer.stop()
        if ceiling:
            ceiling.close()
        shutil.rmtree(data_dir, ignore_errors=True)

    mode = "in memory" if args.in_memory else "durable, on disk"
    threads = args.server_threads or "one per core"
    print(f"\nddb-server ({mode}, I/O threads: {threads}) vs dynalite {DYNALITE_VERSION} (in memory); wrk -t{args.threads} "
          f"-c{args.connections} -d{args.duration}s, {args.rounds} rounds, the servers "
          "interleaved: medians\n")
    invalid = print_comparison("scenario", args.scenarios.split(","), results) > 0
    print("\nscan_1mb: one whole 1 MB Scan page; query_gsi: a conversation's two inbox rows "
          "through the message-group GSI")
    if settled:
        print("each scenario began once every ddb-server's flushes and compactions had ended "
              "(a second with under 0.05 s of their CPU); the wait, the longest of the servers': "
              + ", ".join(f"{before} {seconds:.0f} s" for before, seconds in settled.items()))
    if ceiling:
        sizes = ", ".join(f"{op} {len(body):,}" for op, body in CEILING_BODIES.items())
        print(f"nginx: the HTTP ceiling, {ceiling.workers} worker process(es) answering each "
              f"operation with a fixed answer of its shape (bytes: {sizes}; GetItem's for "
              "others); to ceiling: ddb-server / nginx; nginx/dynalite: the most any server "
              "could be of dynalite in this run")
    if modes:
        names = [peer.name for peer in peers if peer.name != "baseline"] + (
            ["nginx"] if ceiling else [])
        print(f"\nother load modes (wrk -tT -cC -d{args.duration}s, {args.rounds} rounds, "
              "interleaved: medians): req/s, p50 / p99 ms")
        print(f"{'scenario':<12}{'mode':<10}" + "".join(f"{n:>30}" for n in names))
        for (scenario, threads, connections) in dict.fromkeys(k[:3] for k in modes):
            cells = []
            for name in names:
                r = modes[(scenario, threads, connections, name)]
                invalid = invalid or r["errors"] > 0
                cells.append(f"{r['rps']:>10,.0f}  {r['p50']:>6.2f} / {r['p99']:>7.2f}")
            print(f"{scenario:<12}{f'-t{threads} -c{connections}':<10}" +
                  "".join(f"{c:>30}" for c in cells))
    if probes:
        names = list(dict.fromkeys(k[1] for k in probes))
        print(f"\nlatency probe (bench-latency: {args.connections} connections, one request in flight "
              f"on each, the next sent as a reply ends, -d{args.duration}s, {args.rounds} rounds, "
              "interleaved: medians): req/s, "
              "p50 / p99 / p99.9 ms")
        print(f"{'scenario':<12}" + "".join(f"{n:>36}" for n in names))
        for scenario in LATENCY_PROBES:
            cells = []
            for name in names:
                r = probes[(scenario, name)]
                invalid = invalid or r["errors"] > 0
                cells.append(f"{r['rps']:>9,.0f}  {r['p50']:>5.2f} / {r['p99']:>5.2f} / "
                             f"{r['p999']:>6.2f}")
            print(f"{scenario:<12}" + "".join(f"{c:>36}" for c in cells))
    if pauses:
        # A virtual machine's host can stop a core for tens of ms (here: when every core is busy,
        # see bench/pause_probe.cc); wrk counts one such pause as thousands of slow replies, so
        # its p99 says whether one fell in the run.
        print("\nmachine pauses before the scenarios (bench-pauses: threads spinning, one a core, "
              "no load running):")
        for when, p in pauses.items():
            print(f"  {when}: {describe_pauses(p)}")
    print(f"\n{'start to first ListTables (median of 10)':<42}" + "   ".join(
        f"{name} {ms:.1f} ms" for name, ms in startup.items() if name != "baseline"))
    print(f"{'RSS after the preload':<42}"
          f"ddb-server {rss['ddb-server']:.0f} MB   dynalite {rss['dynalite']:.0f} MB")
    if own:
        print("\nddb-server only (dynalite has neither), each beside its plain counterpart:")
        for plain, feature, label in [
                ("query_gsi", "query_gsi_2x2", "2+2-attribute GSI key vs 1+1"),
                ("get_item", "partiql_get", "PartiQL SELECT by key vs GetItem")]:
            for scenario in (plain, feature):
                r = own[scenario]
                invalid = invalid or r["errors"] > 0
                print(f"  {scenario:<16}{r['rps']:>10,.0f} req/s  p50 {r['p50']:.2f} ms  "
                      f"p99 {r['p99']:.2f} ms  errors {r['errors']}")
            print(f"  {label}: {own[feature]['rps'] / own[plain]['rps']:.2f}x")
    if scaled:
        invalid = scale.report(scaled, scale_seconds, 16, 2) > 0 or invalid
    if args.baseline:
        print(f"\nbefore/after: {args.baseline} (baseline) vs this build, in the same run\n")
        print(f"{'scenario':<20}{'baseline req/s':>16}{'this build req/s':>18}{'after/before':>14}"
              f"{'baseline/dynalite':>19}{'this/dynalite':>15}")
        for scenario in args.scenarios.split(","):
            before, after = results[(scenario, "baseline")], results[(scenario, "ddb-server")]
            theirs = results[(scenario, "dynalite")]
            invalid = invalid or before["errors"] > 0
            print(f"{scenario:<20}{before['rps']:>16,.0f}{after['rps']:>18,.0f}"
                  f"{after['rps'] / before['rps']:>13.2f}x{before['rps'] / theirs['rps']:>18.1f}x"
                  f"{after['rps'] / theirs['rps']:>14.1f}x")
        print(f"{'start (median of 10)':<20}{startup['baseline']:>13.1f} ms{startup['ddb-server']:>15.1f} ms")
        print(f"{'RSS after preload':<20}{rss['baseline']:>13.0f} MB{rss['ddb-server']:>15.0f} MB")
    if invalid:
        print("\nINVALID RUN: some requests failed (see the errors column)")
        sys.exit(1)


if __name__ == "__main__":
    main()
