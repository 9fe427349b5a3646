"""The scale runs of bench/run (--scale): one durable ddb-server whose chat table grows in steps
(20,000 → 200,000 → 2,000,000 items by default), loaded by BatchWriteItem with the load rate
reported, and GetItem and Query measured at each size over keys drawn from the whole table. The
question it answers: does a request cost the same on a big table as on a small one?

The items are the preload's messages (20 per conversation, ~300 bytes), so the same wrk scripts
run here with BENCH_CONVERSATIONS set to the number of conversations loaded.
"""
import http.client
import json
import multiprocessing
import os
import shutil
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


def request_cpu_seconds(pid):
    """The CPU time of a ddb-server's own threads (its I/O threads, named as the process; not
    RocksDB's, which name themselves rocksdb:*): what its requests cost. The guest counts no
    steal time, so a pause of the machine while one of them runs may count as its own."""
    ticks = sum(int(fields[14 - 3]) + int(fields[15 - 3])  # utime, stime
                for name, fields in stack.threads_of(pid) if name == "ddb-server")
    return ticks / os.sysconf("SC_CLK_TCK")


def directory_mb(path):
    return sum(f.stat().st_size for f in os.scandir(path) if f.is_file()) / 1e6


def run(server, data_dir, steps, duration, connections, threads, wrk):
    """Grows one durable table through `steps` (item counts) on `server` (bench/run's Peer, not
    started, keeping its data in `data_dir`, which this removes) and measures GetItem and Query
    at each size; returns one row per step. `wrk(url, scripts, duration, connections, threads,
    env)` is bench/run's runner."""
    rows = []
    try:
        server.start()
        client = boto3.client("dynamodb", endpoint_url=server.endpoint, region_name="us-east-1")
        stack.create_table(client, "bench-messages", stack.CHAT_KEY, stack.CHAT_GSIS)
        loaded = 0
        for items in steps:
            seconds = load(server.port, "bench-messages", loaded, items)
            rate = (items - loaded) / seconds
            loaded = items
            # Let the flushes and compactions the load started settle, as a table at rest would.
            time.sleep(5)
            env = {"BENCH_CONVERSATIONS": str(items // MESSAGES)}
            row = {"items": items, "load_rate": rate, "rss": server.rss_mb(),
                   "disk": directory_mb(data_dir)}
            for scenario in ("get_item", "query"):
                before = request_cpu_seconds(server.process.pid)
                row[scenario] = wrk(server.endpoint, ["common.lua", f"{scenario}.lua"], duration,
                                    connections, threads, env)
                spent = request_cpu_seconds(server.process.pid) - before
                row[scenario]["cpu_us"] = spent / max(1, row[scenario]["rps"] * duration) * 1e6
            rows.append(row)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return rows


def report(rows, duration, connections, threads):
    """Prints the rows of run() and returns the number of failed requests."""
    first = rows[0]
    print(f"\nscale: one durable table grown by BatchWriteItem (25 items a request, {LOADERS} "
          f"loading processes); wrk -t{threads} -c{connections} -d{duration}s at each size over "
          "keys of the whole table; CPU us: the server's own threads' CPU a request")
    print(f"{'items':>10}{'load items/s':>14}{'GetItem req/s':>15}{'p50 / p99 ms':>16}"
          f"{'vs first':>10}{'CPU us':>8}{'Query req/s':>13}{'p50 / p99 ms':>16}{'vs first':>10}"
          f"{'CPU us':>8}{'RSS MB':>8}{'disk MB':>9}")
    failed = 0
    for row in rows:
        get, query = row["get_item"], row["query"]
        failed += get["errors"] + query["errors"]
        print(f"{row['items']:>10,}{row['load_rate']:>14,.0f}{get['rps']:>15,.0f}"
              f"{get['p50']:>8.2f} / {get['p99']:<5.2f}"
              f"{get['rps'] / first['get_item']['rps']:>10.2f}{get['cpu_us']:>8.1f}"
              f"{query['rps']:>13,.0f}{query['p50']:>8.2f} / {query['p99']:<5.2f}"
              f"{query['rps'] / first['query']['rps']:>10.2f}{query['cpu_us']:>8.1f}"
              f"{row['rss']:>8.0f}{row['disk']:>9.0f}")
    return failed
