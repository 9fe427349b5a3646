"""The scale runs of bench/run (--scale): a durable chat table of each size (20,000, 200,000 and
2,000,000 items by default), each on a ddb-server of its own, loaded by BatchWriteItem with the
load rate reported; then GetItem and Query over keys drawn from the whole table, the sizes taken
in turn, round after round. The question it answers: does a request cost the same on a big
table as on a small one?

The sizes are measured interleaved, not one after the other as a single table grows, because
this machine drifts: fresh servers on copies of one 200k-item table measured 30.6 us of CPU a
GetItem in one run and 18.6 in another (2026-12-06), a larger swing than the one between sizes.
Each size's figures are the medians of its rounds, and its ratio to the first size the median
of the per-round ratios.

The items are the preload's messages (20 per conversation, ~300 bytes), so the same wrk scripts
run here with BENCH_CONVERSATIONS set to the number of conversations loaded.
"""
import http.client
import json
import multiprocessing
import os
import shutil
import statistics
import time

import boto3

import stack
from chat_items import message_item

MESSAGES = 20  # per conversation, as in the preload and bench/wrk/common.lua
BATCH = 25  # BatchWriteItem's limit
LOADERS = 4  # client processes: enough to keep one ddb-server I/O thread busy on 2 cores
DEFAULT_STEPS = "20000,200000,2000000"


def message(index):
    """The index-th message of the table: message index % 20 of conversation index // 20."""
    conversation, j = divmod(index, MESSAGES)
    return message_item(f"MSG#conv-{conversation:04d}", j)


def _load_range(task):
    """Writes messages [first, last) of `table` in 25-item BatchWriteItem requests over one kept
    connection, sending back what comes back unprocessed until nothing does."""
    port, table, first, last = task
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"X-Amz-Target": "DynamoDB_20120810.BatchWriteItem",
               "Content-Type": "application/x-amz-json-1.0"}
    for start in range(first, last, BATCH):
        pending = [{"PutRequest": {"Item": message(i)}}
                   for i in range(start, min(start + BATCH, last))]
        while pending:
            connection.request("POST", "/", body=json.dumps({"RequestItems": {table: pending}}),
                               headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"BatchWriteItem answered {response.status}: {body[:300]!r}")
            pending = json.loads(body).get("UnprocessedItems", {}).get(table, [])
    connection.close()
    return last - first


def load(port, table, first, last):
    """Writes messages [first, last) from LOADERS processes; returns the seconds it took."""
    chunk = 20_000
    tasks = [(port, table, start, min(start + chunk, last)) for start in range(first, last, chunk)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(LOADERS) as pool:
        written = sum(pool.imap_unordered(_load_range, tasks))
    assert written == last - first
    return time.perf_counter() - started


def threads_cpu_seconds(pid, named):
    """The CPU time (utime + stime) of the threads of `pid` whose name `named(name)` accepts."""
    ticks = sum(int(fields[14 - 3]) + int(fields[15 - 3])
                for name, fields in stack.threads_of(pid) if named(name))
    return ticks / os.sysconf("SC_CLK_TCK")


def request_cpu_seconds(pid):
    """The CPU time of a ddb-server's own threads (its I/O threads, named as the process, which
    is its executable's name; not RocksDB's, which name themselves rocksdb:*): what its
    requests cost. The guest counts no steal time, so a pause of the machine while one of them
    runs may count as its own."""
    with open(f"/proc/{pid}/comm") as comm:
        process_name = comm.read().strip()
    return threads_cpu_seconds(pid, lambda name: name == process_name)


def background_cpu_seconds(pid):
    """The CPU time of a ddb-server's RocksDB threads (flushes and compactions, named rocksdb:*)."""
    return threads_cpu_seconds(pid, lambda name: name.startswith("rocksdb:"))


def settle(pid, minimum, limit=300, quiet=0.05):
    """Waits `minimum` seconds, then until a second passes in which the server's flushes and
    compactions use under `quiet` seconds of CPU (at most `limit` seconds in all): a table at
    rest, its load merged into its levels. Returns the seconds waited."""
    started = time.monotonic()
    time.sleep(minimum)
    while time.monotonic() - started < limit:
        before = background_cpu_seconds(pid)
        time.sleep(1)
        if background_cpu_seconds(pid) - before < quiet:
            break
    return time.monotonic() - started


def directory_mb(path):
    return sum(f.stat().st_size for f in os.scandir(path) if f.is_file()) / 1e6


def run(make_server, data_dir, steps, duration, connections, threads, wrk, rounds=3,
        settle_seconds=5):
    """Loads a table of each size in `steps` (item counts) on a server of its own,
    `make_server(directory)` (bench/run's Peer, not started, keeping its data in `directory`
    under `data_dir`, which this removes), then measures GetItem and Query on each, the sizes in
    turn for `rounds` rounds of `duration` seconds, once each load has had `settle_seconds` and
    its flushes and compactions have ended (settle()); returns one row per size.
    `wrk(url, scripts, duration, connections, threads, env)` is bench/run's runner."""
    servers, rows = [], []
    try:
        for items in steps:
            directory = os.path.join(data_dir, f"{items}")
            server = make_server(directory)
            servers.append(server)
            server.start()
            client = boto3.client("dynamodb", endpoint_url=server.endpoint,
                                  region_name="us-east-1")
            stack.create_table(client, "bench-messages", stack.CHAT_KEY, stack.CHAT_GSIS)
            seconds = load(server.port, "bench-messages", 0, items)
            # Measured at rest, as a table between bursts of writes: the flushes and compactions
            # the load started have ended (the last merges a 2M-item table's level 0 into level
            # 1, seconds of work at idle priority).
            settled = settle(server.process.pid, settle_seconds)
            rows.append({"items": items, "load_rate": items / seconds, "settled": settled,
                         "rss": server.rss_mb(), "disk": directory_mb(directory), "rounds": []})
        for _ in range(rounds):
            for server, row in zip(servers, rows):
                env = {"BENCH_CONVERSATIONS": str(row["items"] // MESSAGES)}
                measured = {}
                for scenario in ("get_item", "query"):
                    before = request_cpu_seconds(server.process.pid)
                    measured[scenario] = wrk(server.endpoint, ["common.lua", f"{scenario}.lua"],
                                             duration, connections, threads, env)
                    spent = request_cpu_seconds(server.process.pid) - before
                    measured[scenario]["cpu_us"] = spent / max(
                        1, measured[scenario]["rps"] * duration) * 1e6
                row["rounds"].append(measured)
        for row in rows:
            for scenario in ("get_item", "query"):
                row[scenario] = median_of(row, scenario, rows[0])
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return rows


def median_of(row, scenario, first):
    """A size's figures for one scenario over its rounds: medians, the failed requests summed,
    and the median over rounds of its req/s over the first size's in the same round."""
    measured = [r[scenario] for r in row["rounds"]]
    figures = {key: statistics.median(m[key] for m in measured)
               for key in ("rps", "p50", "p99", "cpu_us")}
    figures["errors"] = sum(m["errors"] for m in measured)
    figures["vs_first"] = statistics.median(
        m["rps"] / f[scenario]["rps"] for m, f in zip(measured, first["rounds"]))
    return figures


def report(rows, duration, connections, threads):
    """Prints the rows of run() and returns the number of failed requests."""
    print(f"\nscale: a durable table of each size on a server of its own, loaded by "
          f"BatchWriteItem (25 items a request, {LOADERS} loading processes); wrk -t{threads} "
          f"-c{connections} -d{duration}s over keys of the whole table, the sizes in turn, "
          f"{len(rows[0]['rounds'])} rounds: medians, and 'vs first' the median of the rounds' "
          "ratios; CPU us: the server's own threads' CPU a request; settled s: from the end of the "
          "load until its flushes and compactions had ended")
    print(f"{'items':>10}{'load items/s':>14}{'GetItem req/s':>15}{'p50 / p99 ms':>16}"
          f"{'vs first':>10}{'CPU us':>8}{'Query req/s':>13}{'p50 / p99 ms':>16}{'vs first':>10}"
          f"{'CPU us':>8}{'RSS MB':>8}{'disk MB':>9}{'settled s':>11}")
    failed = 0
    for row in rows:
        get, query = row["get_item"], row["query"]
        failed += get["errors"] + query["errors"]
        print(f"{row['items']:>10,}{row['load_rate']:>14,.0f}{get['rps']:>15,.0f}"
              f"{get['p50']:>8.2f} / {get['p99']:<5.2f}"
              f"{get['vs_first']:>10.2f}{get['cpu_us']:>8.1f}"
              f"{query['rps']:>13,.0f}{query['p50']:>8.2f} / {query['p99']:<5.2f}"
              f"{query['vs_first']:>10.2f}{query['cpu_us']:>8.1f}"
              f"{row['rss']:>8.0f}{row['disk']:>9.0f}{row['settled']:>11.0f}")
    return failed
