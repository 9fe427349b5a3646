"""Global secondary indexes with multi-attribute keys (DynamoDB, November 2025): up to 4 partition
and 4 sort attributes of any key type, sparse, queried left to right, paged exactly."""
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError

from conftest import error_of, unique_name, wait_until_active

HASH = [("h1", "S"), ("h2", "N"), ("h3", "B"), ("h4", "S")]
RANGE = [("r1", "N"), ("r2", "S"), ("r3", "B"), ("r4", "S")]
PARTITION = {"h1": {"S": "tenant"}, "h2": {"N": "7"}, "h3": {"B": b"\x01\x02"},
             "h4": {"S": "eu"}}


def gsi(name="gsi", hash_keys=HASH, range_keys=RANGE, projection="ALL"):
    return {"IndexName": name, "Projection": {"ProjectionType": projection},
            "KeySchema": [{"AttributeName": n, "KeyType": "HASH"} for n, _ in hash_keys] +
                         [{"AttributeName": n, "KeyType": "RANGE"} for n, _ in range_keys]}


def definitions(*pairs):
    return [{"AttributeName": n, "AttributeType": t} for n, t in dict(pairs).items()]


def create(ddb, indexes=None, name=None):
    name = name or unique_name("composite")
    request = dict(TableName=name, BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                   AttributeDefinitions=definitions(("p", "S"), *(HASH + RANGE if indexes else [])))
    if indexes:
        request["GlobalSecondaryIndexes"] = indexes
    ddb.create_table(**request)
    wait_until_active(ddb, name)
    return name


def item(i):
    """The i-th item of one index partition: sort values with ties on the leading attributes, so
    that the order depends on every sort attribute, each by its own type."""
    return {"p": {"S": f"p{i:04d}"}, **PARTITION,
            "r1": {"N": str(Decimal(i % 7) - Decimal("3.5"))},
            "r2": {"S": "abc"[i % 3] * (1 + i % 2)},
            "r3": {"B": bytes([i % 5, 0xFF])},
            "r4": {"S": f"{(i * 37) % 1000:04d}"},
            "v": {"N": str(i)}}


def sort_key(it):
    return (Decimal(it["r1"]["N"]), it["r2"]["S"].encode(), bytes(it["r3"]["B"]),
            it["r4"]["S"].encode(), it["p"]["S"].encode())


def load(ddb, table, items):
    for start in range(0, len(items), 25):
        ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": it}}
                                                   for it in items[start:start + 25]]})


def query(ddb, table, expression="", values=None, **kwargs):
    text = "h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND h4 = :h4" + (
        " AND " + expression if expression else "")
    return ddb.query(TableName=table, IndexName="gsi", KeyConditionExpression=text,
                     ExpressionAttributeValues={f":{k}": v for k, v in PARTITION.items()} |
                     (values or {}), **kwargs)


def pages(ddb, table, limit, forward):
    """Every page of the partition at `limit` items a page: ([p of each item], [each
    LastEvaluatedKey])."""
    seen, starts, start = [], [], None
    while True:
        kwargs = {"Limit": limit, "ScanIndexForward": forward}
        if start:
            kwargs["ExclusiveStartKey"] = start
        r = query(ddb, table, **kwargs)
        seen += [it["p"]["S"] for it in r["Items"]]
        start = r.get("LastEvaluatedKey")
        if not start:
            return seen, starts
        starts.append(start)


@pytest.fixture(scope="module")
def loaded(server):
    """A 4+4-attribute GSI created with its table, then 1,000 items in one index partition."""
    ddb = server.client()
    table = create(ddb, [gsi()])
    items = [item(i) for i in range(1000)]
    load(ddb, table, items)
    yield ddb, table, items
    ddb.delete_table(TableName=table)


def test_describe_table_shows_the_key_as_given(loaded):
    ddb, table, _ = loaded
    index = ddb.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["KeySchema"] == gsi()["KeySchema"]
    assert index["ItemCount"] == 1000


def test_query_orders_by_each_sort_attribute_in_turn(loaded):
    ddb, table, items = loaded
    expected = [it["p"]["S"] for it in sorted(items, key=sort_key)]
    assert pages(ddb, table, 1000, True)[0] == expected
    assert pages(ddb, table, 1000, False)[0] == expected[::-1]


@pytest.mark.parametrize("forward", [True, False])
def test_every_page_size_pages_exactly(loaded, forward):
    ddb, table, items = loaded
    expected = [it["p"]["S"] for it in sorted(items, key=sort_key, reverse=not forward)]
    for limit in range(1, 26):
        seen, starts = pages(ddb, table, limit, forward)
        assert seen == expected, limit
        # A LastEvaluatedKey names the table key and every index key attribute.
        assert set(starts[0]) == {"p", *PARTITION, "r1", "r2", "r3", "r4"}


@pytest.mark.parametrize("expression,values,keep", [
    ("r1 = :a", {":a": {"N": "-0.5"}}, lambda it: it["r1"]["N"] == "-0.5"),
    ("r1 = :a AND r2 = :b", {":a": {"N": "-0.5"}, ":b": {"S": "bb"}},
     lambda it: it["r1"]["N"] == "-0.5" and it["r2"]["S"] == "bb"),
    ("r1 = :a AND r2 = :b AND r3 = :c AND r4 = :d",
     {":a": {"N": "-0.5"}, ":b": {"S": "aa"}, ":c": {"B": bytes([3, 0xFF])}, ":d": {"S": "0111"}},
     lambda it: it["p"]["S"] == "p0003"),
    ("r1 > :a", {":a": {"N": "1"}}, lambda it: Decimal(it["r1"]["N"]) > 1),
    ("r1 <= :a", {":a": {"N": "-2.5"}}, lambda it: Decimal(it["r1"]["N"]) <= Decimal("-2.5")),
    ("r1 BETWEEN :a AND :b", {":a": {"N": "-1.5"}, ":b": {"N": "0.5"}},
     lambda it: Decimal("-1.5") <= Decimal(it["r1"]["N"]) <= Decimal("0.5")),
    ("r1 = :a AND begins_with(r2, :b)", {":a": {"N": "2.5"}, ":b": {"S": "c"}},
     lambda it: it["r1"]["N"] == "2.5" and it["r2"]["S"].startswith("c")),
    ("r1 = :a AND r2 = :b AND r3 < :c", {":a": {"N": "2.5"}, ":b": {"S": "c"},
                                         ":c": {"B": bytes([2])}},
     lambda it: (it["r1"]["N"], it["r2"]["S"]) == ("2.5", "c") and bytes(it["r3"]["B"]) < b"\x02"),
    (":a < r1", {":a": {"N": "2"}}, lambda it: Decimal(it["r1"]["N"]) > 2),
])
def test_legal_key_conditions_select_exactly(loaded, expression, values, keep):
    ddb, table, items = loaded
    expected = [it["p"]["S"] for it in sorted(items, key=sort_key) if keep(it)]
    assert expected  # every shape selects something, so the test can tell
    r = query(ddb, table, expression, values)
    assert [it["p"]["S"] for it in r["Items"]] == expected


@pytest.mark.parametrize("text,values,message", [
    ("h1 = :h1 AND h2 = :h2 AND h3 = :h3", {}, "Query condition missed key schema element: h4"),
    ("h1 = :h1 AND h2 > :h2 AND h3 = :h3 AND h4 = :h4", {}, "Query key condition not supported"),
    ("h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND h4 = :h4 AND r2 = :s", {":s": {"S": "a"}},
     "Query condition missed key schema element: r1"),
    ("h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND h4 = :h4 AND r1 > :n AND r2 = :s",
     {":n": {"N": "1"}, ":s": {"S": "a"}}, "Query key condition not supported"),
    ("h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND h4 = :h4 AND r1 = :n AND r1 = :n",
     {":n": {"N": "1"}},
     "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per "
     "key"),
    ("h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND h4 = :h4 AND v = :n", {":n": {"N": "1"}},
     "Query condition missed key schema element: r1"),
    ("h1 = :h1 AND h2 = :s AND h3 = :h3 AND h4 = :h4", {":s": {"S": "7"}},
     "One or more parameter values were invalid: Condition parameter type does not match schema "
     "type"),
    ("h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND h4 = :h4 AND begins_with(r1, :n)",
     {":n": {"N": "1"}}, "Invalid KeyConditionExpression: Incorrect operand type for operator or "
     "function; operator or function: begins_with, operand type: N"),
])
def test_illegal_key_conditions_are_refused(loaded, text, values, message):
    ddb, table, _ = loaded
    names = {f":{k}": v for k, v in PARTITION.items() if f":{k}" in text}
    with pytest.raises(ClientError) as e:
        ddb.query(TableName=table, IndexName="gsi", KeyConditionExpression=text,
                  ExpressionAttributeValues=names | values)
    assert error_of(e) == ("ValidationException", message)


def test_a_filter_on_any_index_key_attribute_is_refused(loaded):
    ddb, table, _ = loaded
    with pytest.raises(ClientError) as e:
        query(ddb, table, values={":x": {"B": b"\x00"}}, FilterExpression="r3 = :x")
    assert error_of(e) == ("ValidationException", "Filter Expression can only contain non-primary "
                           "key attributes: Primary key attribute: r3")


def test_sparse_items_and_updates_that_complete_or_break_the_key(server):
    ddb = server.client()
    table = create(ddb, [gsi(projection="KEYS_ONLY")])
    try:
        whole = item(1)
        missing = {k: v for k, v in item(2).items() if k != "r4"}
        ddb.put_item(TableName=table, Item=whole)
        ddb.put_item(TableName=table, Item=missing)
        r = query(ddb, table)
        assert [it["p"]["S"] for it in r["Items"]] == ["p0001"]
        # KEYS_ONLY carries every key attribute of the index and the table's key.
        assert set(r["Items"][0]) == {"p", *PARTITION, "r1", "r2", "r3", "r4"}
        ddb.update_item(TableName=table, Key={"p": {"S": "p0002"}}, UpdateExpression="SET r4 = :v",
                        ExpressionAttributeValues={":v": {"S": "zzzz"}})
        assert [it["p"]["S"] for it in query(ddb, table)["Items"]] == ["p0001", "p0002"]
        ddb.update_item(TableName=table, Key={"p": {"S": "p0001"}}, UpdateExpression="REMOVE h3")
        assert [it["p"]["S"] for it in query(ddb, table)["Items"]] == ["p0002"]
        scanned = ddb.scan(TableName=table, IndexName="gsi")
        assert scanned["Count"] == 1
        # A key attribute of the wrong type is refused, as for a one-attribute key.
        with pytest.raises(ClientError) as e:
            ddb.put_item(TableName=table, Item={**whole, "h2": {"S": "seven"}})
        assert error_of(e) == ("ValidationException", "One or more parameter values were invalid: "
                               "Type mismatch for Index Key h2 Expected: N Actual: S IndexName: gsi")
        with pytest.raises(ClientError) as e:
            ddb.put_item(TableName=table, Item={**whole, "r2": {"S": ""}})
        assert error_of(e)[1].endswith("IndexName: gsi, IndexKey: r2")
    finally:
        ddb.delete_table(TableName=table)


def test_an_index_created_on_a_loaded_table_pages_as_one_created_before(loaded):
    ddb, before, items = loaded
    after = create(ddb)
    try:
        load(ddb, after, items)
        ddb.update_table(TableName=after, AttributeDefinitions=definitions(*HASH, *RANGE),
                         GlobalSecondaryIndexUpdates=[{"Create": gsi()}])
        wait_until_active(ddb, after)
        for limit, forward in [(1, True), (7, False), (25, True)]:
            assert pages(ddb, after, limit, forward) == pages(ddb, before, limit, forward)
    finally:
        ddb.delete_table(TableName=after)


@pytest.mark.parametrize("key_schema,message", [
    ([("a", "HASH"), ("b", "HASH"), ("c", "HASH"), ("d", "HASH"), ("e", "HASH")],
     "Invalid KeySchema: A global secondary index key can have at most 4 HASH and 4 RANGE "
     "KeySchemaElements"),
    ([("a", "HASH")] + [(f"r{i}", "RANGE") for i in range(5)],
     "Invalid KeySchema: A global secondary index key can have at most 4 HASH and 4 RANGE "
     "KeySchemaElements"),
    ([("a", "HASH"), ("b", "RANGE"), ("c", "HASH")],
     "Invalid KeySchema: Every HASH KeySchemaElement must come before the RANGE ones"),
    ([("a", "RANGE"), ("b", "RANGE")],
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    ([("a", "HASH"), ("a", "HASH")], "Invalid KeySchema: Duplicate attribute in KeySchema: a"),
    ([("a", "HASH"), ("b", "HASH"), ("a", "RANGE")],
     "Invalid KeySchema: Duplicate attribute in KeySchema: a"),
    ([(f"k{i}", "HASH") for i in range(4)] + [(f"r{i}", "RANGE") for i in range(5)],
     "1 validation error detected: Value '[KeySchemaElement(attributeName=k0, keyType=HASH), "
     "KeySchemaElement(attributeName=k1, keyType=HASH), KeySchemaElement(attributeName=k2, "
     "keyType=HASH), KeySchemaElement(attributeName=k3, keyType=HASH), "
     "KeySchemaElement(attributeName=r0, keyType=RANGE), KeySchemaElement(attributeName=r1, "
     "keyType=RANGE), KeySchemaElement(attributeName=r2, keyType=RANGE), "
     "KeySchemaElement(attributeName=r3, keyType=RANGE), KeySchemaElement(attributeName=r4, "
     "keyType=RANGE)]' at 'globalSecondaryIndexes.1.member.keySchema' failed to satisfy "
     "constraint: Member must have length less than or equal to 8"),
])
def test_invalid_multi_attribute_keys_are_refused(unchecked_ddb, key_schema, message):
    names = {n for n, _ in key_schema}
    with pytest.raises(ClientError) as e:
        unchecked_ddb.create_table(
            TableName=unique_name("bad"), BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
            AttributeDefinitions=definitions(("p", "S"), *((n, "S") for n in sorted(names))),
            GlobalSecondaryIndexes=[{"IndexName": "gsi", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": n, "KeyType": t}
                                                   for n, t in key_schema]}])
    assert error_of(e) == ("ValidationException", message)


def test_tables_and_local_indexes_keep_one_key_attribute_of_each_kind(unchecked_ddb):
    base = dict(BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=definitions(("p", "S"), ("q", "S"), ("l", "S")))
    with pytest.raises(ClientError) as e:
        unchecked_ddb.create_table(TableName=unique_name("bad"), **base, KeySchema=[
            {"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "q", "KeyType": "HASH"}])
    assert error_of(e) == ("ValidationException", "Invalid KeySchema: The second KeySchemaElement "
                           "is not a RANGE key type")
    with pytest.raises(ClientError) as e:
        unchecked_ddb.create_table(
            TableName=unique_name("bad"), **base,
            KeySchema=[{"AttributeName": "p", "KeyType": "HASH"},
                       {"AttributeName": "q", "KeyType": "RANGE"}],
            LocalSecondaryIndexes=[{"IndexName": "lsi", "Projection": {"ProjectionType": "ALL"},
                                    "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"},
                                                  {"AttributeName": "q", "KeyType": "RANGE"},
                                                  {"AttributeName": "l", "KeyType": "RANGE"}]}])
    assert error_of(e)[1].endswith("at 'localSecondaryIndexes.1.member.keySchema' failed to "
                                   "satisfy constraint: Member must have length less than or "
                                   "equal to 2")


def test_an_undefined_key_attribute_is_refused(unchecked_ddb):
    with pytest.raises(ClientError) as e:
        unchecked_ddb.create_table(
            TableName=unique_name("bad"), BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
            AttributeDefinitions=definitions(("p", "S"), ("a", "S")),
            GlobalSecondaryIndexes=[{"IndexName": "gsi", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"},
                                                   {"AttributeName": "b", "KeyType": "HASH"}]}])
    assert error_of(e) == ("ValidationException", "One or more parameter values were invalid: Some "
                           "index key attributes are not defined in AttributeDefinitions. Keys: "
                           "[a, b], AttributeDefinitions: [p, a]")


def test_a_multi_attribute_index_survives_kill_9(durable_server):
    ddb = durable_server.client()
    table = create(ddb, [gsi()])
    load(ddb, table, [item(i) for i in range(30)])
    before = pages(ddb, table, 4, True)
    durable_server.kill()
    durable_server.start()
    ddb = durable_server.client()
    assert ddb.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"][0][
        "KeySchema"] == gsi()["KeySchema"]
    assert pages(ddb, table, 4, True) == before
