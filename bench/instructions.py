"""Instructions a request: ddb-server under callgrind (Debian's valgrind), in memory, given
bench/run's preload and then the same requests every time, counted only while they are served.

Throughput on a small VM swings by a fifth to a third between runs and even between processes
of the same build; the instructions a request costs hardly do (a build counted against itself
agrees within ~0.3%), so a change to the request path is measured here, beside the A/B
throughput of bench/run --baseline. The preload goes in from one client: a skip list's shape
depends on the order of its inserts, and with bench/run's four concurrent loaders a GetItem's
comparisons in the memtable moved its count by up to 5% between runs of one build.

What callgrind cannot see is the kernel: the system calls, the network stack and page faults
that are most of a GetItem's time are not counted. A string instruction with a repeat prefix
(memcpy and memset of a few KB) counts once per repetition.

Usage: bench/instructions [--scenarios get_item,put_item,query,batch_write_item,partiql_get,
                                       partiql_insert,partiql_set_add,query_gsi,query_gsi_2x2]
                          [--requests N] [--binary PATH] [--baseline PATH] [--keep DIR]
With --keep, callgrind's own files stay in DIR (one a scenario, named by it, and the baseline's
in DIR/baseline), for callgrind_annotate.
"""
import argparse
import http.client
import json
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run
from chat_items import message_item

SCENARIOS = ["get_item", "put_item", "query", "batch_write_item", "partiql_get",
             "partiql_insert", "partiql_set_add", "query_gsi", "query_gsi_2x2"]
WARM_UP = 50  # requests of each scenario served before counting starts
HEADERS = {
    "Content-Type": "application/x-amz-json-1.0", "X-Amz-Date": "20260101T000000Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/"
                     "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                     "Signature=0000"}


def request(scenario, n, rng, conversations):
    """The n-th request of a scenario: the operation and its body, as bench/wrk's scripts send
    them (keys drawn by `rng`, so that every run sends the same ones)."""
    pk = f"MSG#conv-{rng.randrange(conversations):04d}"
    if scenario == "get_item":
        j = rng.randrange(20)
        return "GetItem", {"TableName": run.TABLE, "Key": {
            "pk": {"S": pk}, "sk": {"S": f"2023-03-19T10:{j:02d}:00.000000+00:00"}}}
    if scenario == "put_item":
        return "PutItem", {"TableName": run.TABLE, "Item": message_item(f"MSG#new-{n}", 0)}
    if scenario == "query":
        return "Query", {
            "TableName": run.TABLE, "KeyConditionExpression": "pk = :pk AND begins_with(sk, :y)",
            "ExpressionAttributeValues": {":pk": {"S": pk}, ":y": {"S": "2023"}},
            "ScanIndexForward": False, "Limit": 20}
    if scenario == "batch_write_item":
        return "BatchWriteItem", {"RequestItems": {run.TABLE: [
            {"PutRequest": {"Item": message_item(f"MSG#batch-{n}", j)}} for j in range(25)]}}
    if scenario == "partiql_get":
        j = rng.randrange(20)
        return "ExecuteStatement", {
            "Statement": f'SELECT * FROM "{run.TABLE}" WHERE pk = ? AND sk = ?',
            "Parameters": [{"S": pk}, {"S": f"2023-03-19T10:{j:02d}:00.000000+00:00"}]}
    if scenario == "partiql_insert":
        # PutItem's item as the one parameter of INSERT ... VALUE ?, a new key each time.
        return "ExecuteStatement", {
            "Statement": f'INSERT INTO "{run.TABLE}" VALUE ?',
            "Parameters": [{"M": message_item(f"MSG#partiql-{n}", 0)}]}
    if scenario == "partiql_set_add":
        # A tag added to a message of the preload, through set_add with the set a parameter.
        j = rng.randrange(20)
        return "ExecuteStatement", {
            "Statement": f'UPDATE "{run.TABLE}" SET tags = set_add(tags, ?) '
                         "WHERE pk = ? AND sk = ?",
            "Parameters": [{"SS": [f"tag-{n % 7}"]}, {"S": pk},
                           {"S": f"2023-03-19T10:{j:02d}:00.000000+00:00"}]}
    if scenario in ("query_gsi", "query_gsi_2x2"):
        # A conversation's two inbox rows through the message-group GSI (bench/wrk/query_gsi.lua),
        # or through the same rows' 2+2-attribute GSI (query_gsi_2x2.lua).
        group = {"S": f"group-{rng.randrange(conversations):04d}"}
        if scenario == "query_gsi":
            return "Query", {
                "TableName": run.TABLE, "IndexName": "message-group-sk-index",
                "KeyConditionExpression": "message_group_uuid = :g",
                "ExpressionAttributeValues": {":g": group}}
        return "Query", {
            "TableName": run.COMPOSITE_TABLE, "IndexName": "group-kind-index",
            "KeyConditionExpression": "message_group_uuid = :g AND kind = :k",
            "ExpressionAttributeValues": {":g": group, ":k": {"S": "inbox"}}}
    raise SystemExit(f"bench/instructions: no scenario {scenario} ({', '.join(SCENARIOS)})")


def count(binary, scenarios, requests, conversations, keep=None):
    """Instructions a request of each scenario for one build: {scenario: instructions}. With
    `keep`, callgrind's files are moved there as <scenario>.callgrind."""
    out_dir = Path(tempfile.mkdtemp(prefix="ddb-instructions-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no",
         f"--callgrind-out-file={out_dir}/callgrind.%p", binary, "--host", "127.0.0.1", "--port",
         str(port), "--threads", "1", "--in-memory"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    control = ["callgrind_control"]
    try:
        started = time.perf_counter()
        while not run.list_tables_ok(port):
            if server.poll() is not None or time.perf_counter() - started > 120:
                raise RuntimeError("ddb-server did not start under valgrind")
            time.sleep(0.1)
        run.preload(f"http://127.0.0.1:{port}", conversations, loaders=1)
        if "query_gsi_2x2" in scenarios:
            run.preload_composite(f"http://127.0.0.1:{port}", conversations)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

        def send(operation, body):
            target = {"X-Amz-Target": "DynamoDB_20120810." + operation}
            connection.request("POST", "/", body=json.dumps(body), headers={**HEADERS, **target})
            response = connection.getresponse()
            answer = response.read()
            if response.status != 200:
                raise RuntimeError(f"{operation} answered {response.status}: {answer[:200]!r}")
            # Every Query of the scenarios reads rows of the preload: an empty page would count
            # a request that found nothing.
            if operation == "Query" and json.loads(answer)["Count"] == 0:
                raise RuntimeError(f"a Query found nothing: {json.dumps(body)[:300]}")

        pid = str(server.pid)
        for scenario in scenarios:
            rng = random.Random(scenario)
            for n in range(WARM_UP):
                send(*request(scenario, 10**9 + n, rng, conversations))
            subprocess.run(control + ["--zero", pid], check=True, capture_output=True)
            subprocess.run(control + ["--instr=on", pid], check=True, capture_output=True)
            for n in range(requests):
                send(*request(scenario, n, rng, conversations))
            subprocess.run(control + ["--instr=off", pid], check=True, capture_output=True)
            subprocess.run(control + ["--dump=" + scenario, pid], check=True, capture_output=True)
        connection.close()
    finally:
        # The counts are in the dumps already. Under valgrind every thread runs in turn, and
        # RocksDB's compaction threads run SCHED_IDLE: on a machine busy with other work the
        # server can take minutes to stop, so it is not waited for long.
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    counts = {}
    for dump in out_dir.iterdir():
        text = dump.read_text(errors="replace")
        label = re.search(r"^desc: Trigger: dump (\S+)", text, re.M)
        totals = re.search(r"^totals: (\d+)", text, re.M)
        if label and totals:
            counts[label.group(1)] = int(totals.group(1)) / requests
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.move(str(dump), str(keep / f"{label.group(1)}.callgrind"))
    shutil.rmtree(out_dir, ignore_errors=True)
    missing = [s for s in scenarios if s not in counts]
    if missing:
        raise RuntimeError(f"callgrind wrote no count for {', '.join(missing)}")
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--requests", type=int, default=2000, help="counted, of each scenario")
    parser.add_argument("--conversations", type=int, default=1000,
                        help="of bench/run's preload (1,000: the whole of it)")
    parser.add_argument("--binary", default=str(run.ROOT / "build" / "bin" / "ddb-server"))
    parser.add_argument("--baseline", help="another ddb-server build, counted the same way")
    parser.add_argument("--keep", type=Path, help="a directory for callgrind's files")
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_control"):
        if not shutil.which(tool):
            sys.exit(f"bench/instructions: {tool} is not installed (apt-get install valgrind)")
    scenarios = [s for s in args.scenarios.split(",") if s]
    for scenario in scenarios:
        request(scenario, 0, random.Random(0), 1)  # an unknown name stops here
    ours = count(args.binary, scenarios, args.requests, args.conversations, args.keep)
    base = count(args.baseline, scenarios, args.requests, args.conversations,
                 args.keep / "baseline" if args.keep else None) if args.baseline else None
    print(f"instructions a request (callgrind, in memory, {args.requests:,} requests of each "
          f"after {WARM_UP} to warm up)")
    print(f"{'scenario':<18}{'ddb-server':>14}" + (f"{'baseline':>14}{'ratio':>9}" if base else ""))
    for scenario in scenarios:
        line = f"{scenario:<18}{ours[scenario]:>14,.0f}"
        if base:
            line += f"{base[scenario]:>14,.0f}{ours[scenario] / base[scenario]:>9.3f}"
        print(line)


if __name__ == "__main__":
    main()
