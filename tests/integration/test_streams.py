"""DynamoDB Streams: records of every write path, view types, iterators, shard lifecycle."""
import base64
import random

import pytest
from botocore.exceptions import ClientError

from conftest import Server, error_of, make_client, unique_name


def create(ddb, view_type, name=None):
    name = name or unique_name("str")
    r = ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type},
        BillingMode="PAY_PER_REQUEST")
    return name, r["TableDescription"]["LatestStreamArn"]


def read_all(streams, arn, iterator_type="TRIM_HORIZON", limit=1000, **kwargs):
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType=iterator_type, **kwargs)["ShardIterator"]
    records = []
    while iterator:
        r = streams.get_records(ShardIterator=iterator, Limit=limit)
        records += r["Records"]
        iterator = r.get("NextShardIterator")
        if not r["Records"]:
            break
    return records


@pytest.fixture(scope="module")
def streams(server):
    return make_client(server.endpoint, service="dynamodbstreams")


def k(pk, sk="0"):
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def test_every_write_path_emits_exact_records(ddb, streams):
    table, arn = create(ddb, "NEW_AND_OLD_IMAGES")
    ddb.put_item(TableName=table, Item={**k("a"), "v": {"N": "1"}})                   # INSERT
    ddb.update_item(TableName=table, Key=k("a"), UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": {"N": "2"}})                   # MODIFY
    ddb.put_item(TableName=table, Item={**k("a"), "v": {"N": "2"}})                   # no change
    ddb.delete_item(TableName=table, Key=k("missing"))                                # nothing
    ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {**k("b"), "v": {"S": "x"}}}},
        {"DeleteRequest": {"Key": k("a")}}]})                                          # INSERT, REMOVE
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {**k("c"), "v": {"S": "y"}}}},
        {"Update": {"TableName": table, "Key": k("b"), "UpdateExpression": "REMOVE v"}}])
    records = read_all(streams, arn)
    summary = [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records]
    assert summary == [("INSERT", "a"), ("MODIFY", "a"), ("INSERT", "b"), ("REMOVE", "a"),
                       ("INSERT", "c"), ("MODIFY", "b")]
    modify = records[1]
    assert modify["dynamodb"]["OldImage"] == {**k("a"), "v": {"N": "1"}}
    assert modify["dynamodb"]["NewImage"] == {**k("a"), "v": {"N": "2"}}
    assert modify["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert modify["eventSource"] == "aws:dynamodb" and modify["eventVersion"] == "1.1"
    assert modify["awsRegion"] == "us-east-1"
    assert records[3]["dynamodb"]["OldImage"] == {**k("a"), "v": {"N": "2"}}
    assert "NewImage" not in records[3]["dynamodb"]
    sequence_numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequence_numbers == sorted(sequence_numbers)
    assert len({r["eventID"] for r in records}) == len(records)


@pytest.mark.parametrize("view_type,new,old", [
    ("KEYS_ONLY", False, False), ("NEW_IMAGE", True, False), ("OLD_IMAGE", False, True)])
def test_view_types(ddb, streams, view_type, new, old):
    table, arn = create(ddb, view_type)
    ddb.put_item(TableName=table, Item={**k("a"), "v": {"N": "1"}})
    ddb.put_item(TableName=table, Item={**k("a"), "v": {"N": "2"}})
    (insert, modify) = read_all(streams, arn)
    assert ("NewImage" in modify["dynamodb"]) == new
    assert ("OldImage" in modify["dynamodb"]) == old
    assert modify["dynamodb"]["Keys"] == k("a")
    assert modify["dynamodb"]["SizeBytes"] > 0


def test_iterator_types_and_limits(ddb, streams):
    table, arn = create(ddb, "KEYS_ONLY")
    for i in range(10):
        ddb.put_item(TableName=table, Item=k(str(i)))
    records = read_all(streams, arn, limit=3)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == [str(i) for i in range(10)]
    fifth = records[4]["dynamodb"]["SequenceNumber"]
    at = read_all(streams, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=fifth)
    after = read_all(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=fifth)
    assert at[0]["dynamodb"]["SequenceNumber"] == fifth and len(at) == 6
    assert after == at[1:]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    latest = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                        ShardIteratorType="LATEST")["ShardIterator"]
    assert streams.get_records(ShardIterator=latest)["Records"] == []
    ddb.put_item(TableName=table, Item=k("new"))
    r = streams.get_records(ShardIterator=latest)
    assert [x["dynamodb"]["Keys"]["pk"]["S"] for x in r["Records"]] == ["new"]


def test_describe_list_disable_and_reenable(ddb, streams):
    table, arn = create(ddb, "NEW_IMAGE")
    ddb.put_item(TableName=table, Item=k("a"))
    listed = streams.list_streams(TableName=table)["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": table, "StreamLabel": arn.split("/")[-1]}]
    description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamStatus"] == "ENABLED"
    assert description["KeySchema"][0] == {"AttributeName": "pk", "KeyType": "HASH"}
    ddb.update_table(TableName=table, StreamSpecification={"StreamEnabled": False})
    # The table still names its latest stream, now disabled; no stream is specified any more.
    described = ddb.describe_table(TableName=table)["Table"]
    assert (described["LatestStreamArn"], described["LatestStreamLabel"]) == (
        arn, arn.split("/")[-1])
    assert "StreamSpecification" not in described
    closed = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert closed["StreamStatus"] == "DISABLED"
    assert "EndingSequenceNumber" in closed["Shards"][0]["SequenceNumberRange"]
    ddb.put_item(TableName=table, Item=k("b"))  # not recorded anywhere
    shard = closed["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    r = streams.get_records(ShardIterator=iterator)
    assert len(r["Records"]) == 1 and "NextShardIterator" not in r  # a drained closed shard
    r = ddb.update_table(TableName=table, StreamSpecification={"StreamEnabled": True,
                                                              "StreamViewType": "KEYS_ONLY"})
    new_arn = r["TableDescription"]["LatestStreamArn"]
    assert new_arn != arn
    ddb.put_item(TableName=table, Item=k("c"))
    assert [x["dynamodb"]["Keys"]["pk"]["S"] for x in read_all(streams, new_arn)] == ["c"]
    assert len(read_all(streams, arn)) == 1
    assert {s["StreamArn"] for s in streams.list_streams(TableName=table)["Streams"]} == {arn, new_arn}


def test_stream_errors(server, ddb, streams):
    table, arn = create(ddb, "KEYS_ONLY")
    with pytest.raises(ClientError) as e:
        streams.describe_stream(StreamArn=arn + "x")
    assert error_of(e) == ("ResourceNotFoundException",
                           f"Requested resource not found: Stream: {arn}x not found")
    # A malformed ARN is refused as DynamoDB Streams refuses it: "Invalid StreamArn", or the
    # model's length bounds (37 to 1024 characters).
    for call in (lambda a: streams.describe_stream(StreamArn=a),
                 lambda a: streams.get_shard_iterator(StreamArn=a, ShardId="shardId-" + "0" * 20,
                                                      ShardIteratorType="LATEST"),
                 lambda a: streams.list_streams(ExclusiveStartStreamArn=a)):
        with pytest.raises(ClientError) as e:
            call("sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf")
        assert error_of(e) == ("ValidationException", "Invalid StreamArn")
        with pytest.raises(ClientError) as e:
            call(arn.replace(":dynamodb:", ":kinesis:"))
        assert error_of(e) == ("ValidationException", "Invalid StreamArn")
    unchecked = make_client(server.endpoint, service="dynamodbstreams", parameter_validation=False)
    with pytest.raises(ClientError) as e:
        unchecked.describe_stream(StreamArn="arn:aws:dynamodb")
    assert error_of(e) == ("ValidationException", "1 validation error detected: Value "
                           "'arn:aws:dynamodb' at 'streamArn' failed to satisfy constraint: Member "
                           "must have length greater than or equal to 37")
    with pytest.raises(ClientError) as e:
        streams.get_records(ShardIterator="not-an-iterator!")
    assert error_of(e) == ("ValidationException", "Invalid ShardIterator")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    text = base64.urlsafe_b64decode(iterator + "=" * (-len(iterator) % 4)).decode()
    stream_id, sequence, _, stream_arn = text.split("|", 3)
    old = f"{stream_id}|{sequence}|0|{stream_arn}".encode()
    expired = base64.urlsafe_b64encode(old).decode().rstrip("=")
    with pytest.raises(ClientError) as e:
        streams.get_records(ShardIterator=expired)
    assert error_of(e)[0] == "ExpiredIteratorException"


def test_records_survive_a_restart(tmp_path):
    server = Server(db_path=str(tmp_path)).start()
    ddb = server.client()
    table, arn = create(ddb, "NEW_IMAGE", name="durable-stream")
    for i in range(5):
        ddb.put_item(TableName=table, Item=k(str(i)))
    before = read_all(make_client(server.endpoint, service="dynamodbstreams"), arn)
    server.kill()
    server = Server(db_path=str(tmp_path)).start()
    try:
        streams = make_client(server.endpoint, service="dynamodbstreams")
        assert read_all(streams, arn) == before
        server.client().put_item(TableName=table, Item=k("after"))
        after = read_all(streams, arn)
        assert len(after) == 6
        assert int(after[-1]["dynamodb"]["SequenceNumber"]) > int(before[-1]["dynamodb"]["SequenceNumber"])
    finally:
        server.stop()


def test_mixed_workload_of_10000_writes_replays_exactly(ddb, streams):
    """Applying the stream's records in order rebuilds the table exactly, per view type."""
    table, arn = create(ddb, "NEW_AND_OLD_IMAGES")
    rng = random.Random(5)
    model = {}
    writes = 0
    while writes < 10_000:
        choice = rng.random()
        pk = f"p{rng.randint(0, 300)}"
        if choice < 0.4:
            item = {**k(pk), "v": {"N": str(writes)}}
            ddb.put_item(TableName=table, Item=item)
            model[pk] = item
            writes += 1
        elif choice < 0.6:
            ddb.update_item(TableName=table, Key=k(pk), UpdateExpression="ADD c :one",
                            ExpressionAttributeValues={":one": {"N": "1"}})
            item = dict(model.get(pk, k(pk)))
            item["c"] = {"N": str(int(item.get("c", {"N": "0"})["N"]) + 1)}
            model[pk] = item
            writes += 1
        elif choice < 0.75:
            ddb.delete_item(TableName=table, Key=k(pk))
            model.pop(pk, None)
            writes += 1
        elif choice < 0.9:
            pks = rng.sample(range(301, 1000), 25)
            ddb.batch_write_item(RequestItems={table: [
                {"PutRequest": {"Item": {**k(f"p{p}"), "b": {"S": "batch"}}}} for p in pks]})
            for p in pks:
                model[f"p{p}"] = {**k(f"p{p}"), "b": {"S": "batch"}}
            writes += 25
        else:
            a, b = rng.sample(range(0, 300), 2)
            ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": table, "Item": {**k(f"p{a}"), "t": {"S": "tx"}}}},
                {"Delete": {"TableName": table, "Key": k(f"p{b}")}}])
            model[f"p{a}"] = {**k(f"p{a}"), "t": {"S": "tx"}}
            model.pop(f"p{b}", None)
            writes += 2
    replayed = {}
    for record in read_all(streams, arn):
        pk = record["dynamodb"]["Keys"]["pk"]["S"]
        if record["eventName"] == "REMOVE":
            assert replayed.pop(pk) == record["dynamodb"]["OldImage"]
        else:
            if record["eventName"] == "MODIFY":
                assert replayed[pk] == record["dynamodb"]["OldImage"]
            else:
                assert pk not in replayed
            replayed[pk] = record["dynamodb"]["NewImage"]
    assert replayed == model


def test_a_restarted_reader_sees_each_record_exactly_once(ddb, streams):
    table, arn = create(ddb, "KEYS_ONLY")
    for i in range(30):
        ddb.put_item(TableName=table, Item=k(str(i)))
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    first = streams.get_records(ShardIterator=iterator, Limit=12)["Records"]
    checkpoint = first[-1]["dynamodb"]["SequenceNumber"]
    for i in range(30, 40):
        ddb.put_item(TableName=table, Item=k(str(i)))
    rest = read_all(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=checkpoint)
    seen = [r["dynamodb"]["Keys"]["pk"]["S"] for r in first + rest]
    assert seen == [str(i) for i in range(40)]


def test_list_streams_pages_and_shard_filter(ddb, streams):
    arns = sorted(create(ddb, "KEYS_ONLY")[1] for _ in range(3))
    listed, start = [], None
    while True:
        kwargs = {"Limit": 1}
        if start:
            kwargs["ExclusiveStartStreamArn"] = start
        r = streams.list_streams(**kwargs)
        listed += [s["StreamArn"] for s in r["Streams"]]
        start = r.get("LastEvaluatedStreamArn")
        if not start:
            break
    assert set(arns) <= set(listed) and listed == sorted(listed)
    shard = streams.describe_stream(StreamArn=arns[0])["StreamDescription"]["Shards"][0]
    assert "ParentShardId" not in shard


def test_updates_that_change_nothing_record_nothing_and_creations_record_the_key(ddb, streams):
    table, arn = create(ddb, "NEW_AND_OLD_IMAGES")
    ddb.update_item(TableName=table, Key=k("a"), AttributeUpdates={})  # creates {pk, sk}
    ddb.update_item(TableName=table, Key=k("b"))                       # likewise
    ddb.update_item(TableName=table, Key=k("a"))                       # changes nothing
    ddb.update_item(TableName=table, Key=k("c"), UpdateExpression="REMOVE x")  # creates nothing
    records = read_all(streams, arn)
    assert [(r["eventName"], r["dynamodb"]["Keys"], r["dynamodb"].get("NewImage"),
             "OldImage" in r["dynamodb"]) for r in records] == [
        ("INSERT", k("a"), k("a"), False), ("INSERT", k("b"), k("b"), False)]


def test_shard_filter_for_child_shards(server, ddb, streams):
    # Sent as raw JSON: Debian's botocore predates ShardFilter and would drop it.
    import http.client
    import json

    def describe(shard_filter):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.request("POST", "/", body=json.dumps({"StreamArn": arn, "ShardFilter": shard_filter}),
                     headers={"X-Amz-Target": "DynamoDBStreams_20120810.DescribeStream",
                              "Content-Type": "application/x-amz-json-1.0"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())

    table, arn = create(ddb, "KEYS_ONLY")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    # One shard per stream, which has no children.
    status, body = describe({"Type": "CHILD_SHARDS", "ShardId": shard})
    assert (status, body["StreamDescription"]["Shards"]) == (200, [])
    for shard_filter, message in [
        ({"Type": "PARENT_SHARDS"}, "Value 'PARENT_SHARDS' at 'shardFilter.type' failed to "
         "satisfy constraint: Member must satisfy enum value set: [CHILD_SHARDS]"),
        ({"Type": "CHILD_SHARDS", "ShardId": "short"}, "Value 'short' at 'shardFilter.shardId' "
         "failed to satisfy constraint: Member must have length greater than or equal to 28"),
    ]:
        status, body = describe(shard_filter)
        assert (status, body["message"]) == (400, "1 validation error detected: " + message)
