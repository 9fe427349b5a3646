"""bench-latency (bench/latency_client.cc), bench/run's latency probe, against a real server:
every request it counts was answered, PutItem's {n} makes each key fresh, and a refused request
counts as an error."""
import subprocess

from conftest import CHAT_KEY, ROOT, create_table, unique_name

CLIENT = ROOT / "build" / "bin" / "bench-latency"


def probe(server, target, body, seconds="1", connections="4"):
    out = subprocess.run([str(CLIENT), str(server.port), seconds, connections, target, body],
                         capture_output=True, text=True, check=True, timeout=30).stdout.split()
    return dict(zip(out[::2], out[1::2]))


def test_each_put_writes_a_fresh_key_and_every_reply_is_counted(server, ddb):
    table = unique_name("latency")
    create_table(ddb, table, CHAT_KEY)
    body = ('{"TableName":"%s","Item":{"pk":{"S":"lat-{n}"},"sk":{"S":"s"},'
            '"note":{"S":"{n} of them"}}}' % table)
    figures = probe(server, "PutItem", body)
    requests = int(figures["requests"])
    assert requests > 0 and figures["errors"] == "0"
    assert float(figures["p50"]) <= float(figures["p99"]) <= float(figures["max"])
    # Every reply it counted is an item of its own; the ones in flight as it stopped may be
    # written too. A second of writes can be more than one 1 MB page of Scan: count every page.
    written = sum(page["Count"] for page in ddb.get_paginator("scan").paginate(
        TableName=table, Select="COUNT"))
    assert requests <= written <= requests + 4
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "lat-0"}, "sk": {"S": "s"}})["Item"]
    assert item["note"] == {"S": "0 of them"}


def test_a_refused_request_counts_as_an_error(server):
    figures = probe(server, "GetItem",
                    '{"TableName":"no-such-table","Key":{"pk":{"S":"a"},"sk":{"S":"b"}}}')
    assert int(figures["requests"]) > 0 and figures["errors"] == figures["requests"]
