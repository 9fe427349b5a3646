"""Nothing acknowledged is lost: kill -9 the server, restart it on the same data, read back."""
import concurrent.futures
import http.client
import signal
import threading
import time

from conftest import (Server, make_client, query_pages, raw_request, stack, wait_for,
                      wait_until_active)


def create_table(client):
    stack.create_table(client, "durable", (("pk", "S"), ("sk", "N")),
                       gsis=(("by-g", (("g", "S"),), "KEYS_ONLY"),))


def settled_counts(client, table_count, index_count):
    """Waits until the recount after a crash has settled on the expected counts (the table's
    and its index's), then checks that they stay there; returns the table's description."""
    def counted():
        table = client.describe_table(TableName="durable")["Table"]
        counts = (table["ItemCount"], table["GlobalSecondaryIndexes"][0]["ItemCount"])
        return table if counts == (table_count, index_count) else None

    wait_for(counted, 120, 0.2, f"counts of {table_count} items and {index_count} index entries")
    table = client.describe_table(TableName="durable")["Table"]
    assert (table["ItemCount"], table["GlobalSecondaryIndexes"][0]["ItemCount"]) == (
        table_count, index_count)
    return table


def test_acknowledged_puts_survive_kill_9(tmp_path):
    server = Server(db_path=str(tmp_path)).start()
    create_table(server.client())
    total, writers = 10_000, 8

    def write(worker):
        client = make_client(server.endpoint, max_pool_connections=2)
        for i in range(worker, total, writers):
            client.put_item(TableName="durable", Item={
                "pk": {"S": f"p{i % 100}"}, "sk": {"N": str(i)}, "g": {"S": f"g{i % 7}"},
                "payload": {"S": "x" * 100}})

    with concurrent.futures.ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(writers)))
    server.kill()

    server = Server(db_path=str(tmp_path)).start()
    try:
        client = server.client()
        settled_counts(client, total, total)
        keys = set()
        paginator = client.get_paginator("scan")
        for page in paginator.paginate(TableName="durable"):
            keys |= {int(item["sk"]["N"]) for item in page["Items"]}
        assert keys == set(range(total))
        in_index = sum(client.query(TableName="durable", IndexName="by-g", Select="COUNT",
                                    KeyConditionExpression="g = :g",
                                    ExpressionAttributeValues={":g": {"S": f"g{g}"}})["Count"]
                       for g in range(7))
        assert in_index == total
    finally:
        server.stop()


def test_writes_acknowledged_or_seen_before_a_kill_9_in_mid_load_survive_it(tmp_path):
    """Group commit: the writes of requests handled together reach the log once, before any of
    their replies goes out. Killed while writers and readers are busy, the server keeps every
    put a writer got a 200 for, and every item a reader was shown."""
    server = Server(db_path=str(tmp_path)).start()
    create_table(server.client())
    writers, readers = 6, 2
    acknowledged = [0] * writers  # per writer: the last sk it got a 200 for (sks go 1, 2, ...)
    seen = [0] * writers  # per writer: the highest sk a reader was shown
    stop = threading.Event()

    def write(worker):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        sk = 0
        while not stop.is_set():
            sk += 1
            try:
                status, _ = raw_request(server, "PutItem", {"TableName": "durable", "Item": {
                    "pk": {"S": f"w{worker}"}, "sk": {"N": str(sk)}, "g": {"S": "g"},
                    "payload": {"S": "x" * 200}}}, connection)
            except OSError:
                return
            assert status == 200
            acknowledged[worker] = sk

    def read(reader):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        while not stop.is_set():
            for worker in range(reader, writers, readers):
                try:
                    status, body = raw_request(server, "Query", {
                        "TableName": "durable", "KeyConditionExpression": "pk = :p",
                        "ExpressionAttributeValues": {":p": {"S": f"w{worker}"}},
                        "ScanIndexForward": False, "Limit": 1}, connection)
                except OSError:
                    return
                assert status == 200
                if body["Items"]:
                    seen[worker] = max(seen[worker], int(body["Items"][0]["sk"]["N"]))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    threads += [threading.Thread(target=read, args=(r,)) for r in range(readers)]
    for thread in threads:
        thread.start()
    wait_for(lambda: min(acknowledged) >= 50, 60, 0.05, "every writer acknowledged 50 times")
    server.kill()
    stop.set()
    for thread in threads:
        thread.join()

    server = Server(db_path=str(tmp_path)).start()
    try:
        client = server.client()
        for worker in range(writers):
            stored = set()
            for page in client.get_paginator("query").paginate(
                    TableName="durable", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": f"w{worker}"}}):
                stored |= {int(item["sk"]["N"]) for item in page["Items"]}
            must_have = max(acknowledged[worker], seen[worker])
            assert set(range(1, must_have + 1)) <= stored, (worker, must_have, len(stored))
    finally:
        server.stop()


def test_tables_and_deletes_survive_restart(tmp_path):
    server = Server(db_path=str(tmp_path)).start()
    client = server.client()
    create_table(client)
    client.put_item(TableName="durable", Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
    client.put_item(TableName="durable", Item={"pk": {"S": "a"}, "sk": {"N": "2"}})
    client.delete_item(TableName="durable", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
    created = client.describe_table(TableName="durable")["Table"]
    server.stop()

    server = Server(db_path=str(tmp_path)).start()
    try:
        client = server.client()
        table = client.describe_table(TableName="durable")["Table"]
        assert table["TableId"] == created["TableId"]
        assert table["ItemCount"] == 1
        assert client.scan(TableName="durable")["Items"] == [{"pk": {"S": "a"}, "sk": {"N": "2"}}]
        client.delete_table(TableName="durable")
        create_table(client)
        assert client.scan(TableName="durable")["Count"] == 0
    finally:
        server.stop()


def test_sigterm_and_sigint_each_stop_the_server_at_once_with_status_0(tmp_path):
    """Either signal ends ddb-server cleanly, read from a signalfd by the listening thread
    (HttpServer::stop_on), while kept-alive connections sit idle on each of its three I/O
    threads (three connections in a row are dealt one to each; a thread starts with its first);
    the counters it saved on the way out are there at once after a restart."""
    for number, sent in enumerate((signal.SIGTERM, signal.SIGINT)):
        server = Server(db_path=str(tmp_path), extra_args=["--threads", "3"]).start()
        client = server.client()
        if number == 0:
            create_table(client)
        client.put_item(TableName="durable", Item={"pk": {"S": "a"}, "sk": {"N": str(number)}})
        idle = [http.client.HTTPConnection("127.0.0.1", server.port) for _ in range(3)]
        for connection in idle:
            status, _ = raw_request(server, "ListTables", {}, connection)
            assert status == 200
        started = time.monotonic()
        server.process.send_signal(sent)
        assert server.process.wait(timeout=5) == 0, f"exit status after {sent.name}"
        assert time.monotonic() - started < 2
        for connection in idle:
            connection.close()

    server = Server(db_path=str(tmp_path)).start()
    try:
        table = server.client().describe_table(TableName="durable")["Table"]
        assert table["ItemCount"] == 2
    finally:
        server.stop()


def query_all(client, page_size, forward, index=None, **key):
    """Every item a Query for `key` (attribute: value, all equalities) returns, page after page
    of `page_size` (None: no Limit), on the table or `index`."""
    request = {
        "TableName": "durable", "ScanIndexForward": forward,
        "KeyConditionExpression": " AND ".join(f"#{name} = :{name}" for name in key),
        "ExpressionAttributeNames": {f"#{name}": name for name in key},
        "ExpressionAttributeValues": {f":{name}": value for name, value in key.items()}}
    if index:
        request["IndexName"] = index
    if page_size:
        request["Limit"] = page_size
    return query_pages(client, **request)


def test_queries_read_partitions_whole_across_table_files_and_the_memtable(tmp_path):
    """A Query reads a partition in RocksDB's prefix mode, with the partition's bloom filters
    in every table file and memtable: a partition written before a restart (in a table file
    since the reopen flushed the log), one with items on both sides, one only in the memtable,
    in both directions, with pages below and above the backward read's 64-entry copy, and on
    the index, all come back whole and in order."""
    server = Server(db_path=str(tmp_path)).start()
    client = server.client()
    create_table(client)

    def put(pk, sk, g=None):
        item = {"pk": {"S": pk}, "sk": {"N": str(sk)}, "v": {"S": f"{pk}/{sk}"}}
        if g:
            item["g"] = {"S": g}
        client.put_item(TableName="durable", Item=item)

    for sk in range(100):
        put("both", sk, "even" if sk % 2 == 0 else None)
    for other in range(30):
        put(f"files-{other}", 1)
    server.stop()

    server = Server(db_path=str(tmp_path)).start()
    try:
        assert list(tmp_path.glob("*.sst")), "the reopen left the first writes in a table file"
        client = server.client()
        for sk in range(100, 150):
            put("both", sk, "even" if sk % 2 == 0 else None)
        for sk in range(5):
            put("memtable", sk)
        client.delete_item(TableName="durable", Key={"pk": {"S": "both"}, "sk": {"N": "20"}})
        put("both", 10)  # overwritten without its index key: leaves the index
        expected = [sk for sk in range(150) if sk != 20]
        for page_size in (None, 7, 64, 100):
            for forward in (True, False):
                got = [int(item["sk"]["N"]) for item in
                       query_all(client, page_size, forward, pk={"S": "both"})]
                assert got == (expected if forward else expected[::-1]), (page_size, forward)
                on_index = [int(item["sk"]["N"]) for item in
                            query_all(client, page_size, forward, "by-g", g={"S": "even"})]
                evens = [sk for sk in expected if sk % 2 == 0 and sk != 10]
                assert on_index == (evens if forward else evens[::-1]), (page_size, forward)
        assert [int(i["sk"]["N"]) for i in query_all(client, 2, False, pk={"S": "memtable"})] == [
            4, 3, 2, 1, 0]
        assert query_all(client, None, True, pk={"S": "files-17"}) == [
            {"pk": {"S": "files-17"}, "sk": {"N": "1"}, "v": {"S": "files-17/1"}}]
        assert query_all(client, None, False, pk={"S": "nowhere"}) == []
    finally:
        server.stop()


def load_then_kill_9(tmp_path, total, item, writers=8):
    """The durable table with items item(0) .. item(total - 1), written by batches from
    `writers` clients, then the server killed with -9."""
    server = Server(db_path=str(tmp_path)).start()
    create_table(server.client())

    def load(worker):
        client = make_client(server.endpoint, max_pool_connections=2)
        for start in range(worker * 25, total, writers * 25):
            client.batch_write_item(RequestItems={"durable": [
                {"PutRequest": {"Item": item(i)}} for i in range(start, min(start + 25, total))]})

    with concurrent.futures.ThreadPoolExecutor(writers) as pool:
        list(pool.map(load, range(writers)))
    server.kill()


def test_after_a_crash_the_count_runs_behind_the_writes_and_is_exact(tmp_path):
    """After kill -9 the counters are recounted in the background while the server already
    serves; writes made meanwhile are counted on top, and the count settles on the exact one."""
    loaded, writers = 40_000, 8
    load_then_kill_9(tmp_path, loaded, lambda i: {
        "pk": {"S": f"p{i % 100}"}, "sk": {"N": str(i)}, "g": {"S": f"g{i % 7}"},
        "payload": {"S": "x" * 200}})

    server = Server(db_path=str(tmp_path)).start()
    try:
        # Straight away: new items, and deletes of loaded ones, from 8 clients.
        def churn(worker):
            client = make_client(server.endpoint, max_pool_connections=2)
            for i in range(worker, 800, writers):
                client.put_item(TableName="durable", Item={
                    "pk": {"S": "new"}, "sk": {"N": str(i)}, "g": {"S": "g0"}})
                client.delete_item(TableName="durable",
                                   Key={"pk": {"S": f"p{i % 100}"}, "sk": {"N": str(i)}})

        with concurrent.futures.ThreadPoolExecutor(writers) as pool:
            list(pool.map(churn, range(writers)))
        table = settled_counts(server.client(), loaded, loaded)
        assert table["TableSizeBytes"] > loaded * 200
    finally:
        server.stop()
    # A clean stop saves the counters: the next start needs no count and agrees.
    server = Server(db_path=str(tmp_path)).start()
    try:
        table = server.client().describe_table(TableName="durable")["Table"]
        assert table["ItemCount"] == loaded
    finally:
        server.stop()


def test_an_index_deleted_during_the_crash_recount_is_not_counted_again(tmp_path):
    """kill -9, restart, and at once delete the GSI (while the counts are being recounted from
    the data), then create it again: it takes the same id, and must count only its own items."""
    loaded = 100_000
    # One item in ten carries the index's key.
    load_then_kill_9(tmp_path, loaded, lambda i: {
        "pk": {"S": f"p{i % 100}"}, "sk": {"N": str(i)},
        **({"g": {"S": "g"}} if i % 10 == 0 else {})})

    server = Server(db_path=str(tmp_path)).start()
    try:
        client = server.client()
        client.update_table(TableName="durable", GlobalSecondaryIndexUpdates=[
            {"Delete": {"IndexName": "by-g"}}])
        wait_until_active(client, "durable")
        client.update_table(
            TableName="durable",
            AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": {
                "IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}}}])
        wait_until_active(client, "durable", 120)
        settled_counts(client, loaded, loaded // 10)
    finally:
        server.stop()
