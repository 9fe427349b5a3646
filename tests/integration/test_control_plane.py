"""Time to Live, tags and the account-level descriptions."""
import time

import pytest
from botocore.exceptions import ClientError

from conftest import Server, error_of, make_client, unique_name, wait_for


@pytest.fixture(scope="module")
def fast_ttl_server():
    server = Server(extra_args=["--ttl-period", "100"]).start()
    yield server
    server.stop()


def k(pk):
    return {"pk": {"S": pk}, "sk": {"S": "0"}}


def test_expired_items_are_deleted_as_service_removes(fast_ttl_server):
    ddb = fast_ttl_server.client()
    streams = make_client(fast_ttl_server.endpoint, service="dynamodbstreams")
    table = unique_name("ttl")
    arn = ddb.create_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"},
        BillingMode="PAY_PER_REQUEST")["TableDescription"]["LatestStreamArn"]
    now = int(time.time())
    # One item expired before TTL is enabled (the backfill must find it), others after.
    ddb.put_item(TableName=table, Item={**k("early"), "expires": {"N": str(now - 60)}})
    r = ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    assert r["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires"}
    ddb.put_item(TableName=table, Item={**k("past"), "expires": {"N": str(now - 1)}})
    ddb.put_item(TableName=table, Item={**k("future"), "expires": {"N": str(now + 3600)}})
    ddb.put_item(TableName=table, Item={**k("ancient"), "expires": {"N": str(now - 6 * 365 * 86400)}})
    ddb.put_item(TableName=table, Item={**k("text"), "expires": {"S": "soon"}})
    ddb.put_item(TableName=table, Item={**k("none")})
    wait_for(lambda: sorted(i["pk"]["S"] for i in ddb.scan(TableName=table)["Items"]) ==
             ["ancient", "future", "none", "text"], what="the TTL sweep of the expired item")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    removes = [r for r in records if r["eventName"] == "REMOVE"]
    assert sorted(r["dynamodb"]["Keys"]["pk"]["S"] for r in removes) == ["early", "past"]
    for r in removes:
        assert r["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}
    assert all("userIdentity" not in r for r in records if r["eventName"] == "INSERT")
    description = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert description == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    with pytest.raises(ClientError) as e:
        ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
    assert error_of(e) == ("ValidationException", "TimeToLive is already enabled")
    ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "Enabled": False, "AttributeName": "expires"})
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}


def test_tags(ddb, chat_table):
    arn = ddb.describe_table(TableName=chat_table)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "chat"},
                                            {"Key": "env", "Value": "dev"}])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}])
    ddb.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "prod"}]
    with pytest.raises(ClientError) as e:
        ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert error_of(e)[0] == "LimitExceededException"
    missing = arn + "-nope"
    with pytest.raises(ClientError) as e:
        ddb.tag_resource(ResourceArn=missing, Tags=[{"Key": "k", "Value": "v"}])
    assert error_of(e) == ("ResourceNotFoundException",
                           f"Requested resource not found: ResourcArn: {missing} not found")
    # Listing the tags of no table is AccessDeniedException on AWS
    # (nubo-db/dynamodb-conformance, tags/basic.test.ts).
    with pytest.raises(ClientError) as e:
        ddb.list_tags_of_resource(ResourceArn=missing)
    assert error_of(e) == ("AccessDeniedException",
                           "User: arn:aws:iam::000000000000:root is not authorized to perform: "
                           f"dynamodb:ListTagsOfResource on resource: {missing}")
    for malformed in ["not-a-valid-arn", arn + "/index/gsi"]:
        with pytest.raises(ClientError) as e:
            ddb.tag_resource(ResourceArn=malformed, Tags=[{"Key": "k", "Value": "v"}])
        assert error_of(e) == ("ValidationException", "Invalid TableArn: Invalid ResourceArn "
                               f"provided as input {malformed}")


def test_tag_limits(ddb, unchecked_ddb, chat_table):
    arn = ddb.describe_table(TableName=chat_table)["Table"]["TableArn"]
    # 128 and 256 characters are allowed, as are DynamoDB's characters + - = . _ : / and space.
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "k" * 127 + "é", "Value": "v" * 256},
                                            {"Key": "a+b-c=d.e_f:g/h i", "Value": ""}])
    for tags, message in [
        ([{"Key": "k" * 129, "Value": "v"}],
         f"Value '{'k' * 129}' at 'tags.1.member.key' failed to satisfy constraint: Member must "
         "have length less than or equal to 128"),
        ([{"Key": "k", "Value": "v" * 257}],
         f"Value '{'v' * 257}' at 'tags.1.member.value' failed to satisfy constraint: Member must "
         "have length less than or equal to 256"),
        ([{"Key": "k"}],
         "Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be "
         "null"),
        ([{"Key": "k#!", "Value": "v"}],
         "Value 'k#!' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy "
         "regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-]*"),
    ]:
        with pytest.raises(ClientError) as e:
            unchecked_ddb.tag_resource(ResourceArn=arn, Tags=tags)
        assert error_of(e) == ("ValidationException", "1 validation error detected: " + message)
    assert len(ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]) == 2
    with pytest.raises(ClientError) as e:
        ddb.create_table(TableName=chat_table + "-tags", BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
    assert error_of(e)[0] == "LimitExceededException"
    assert chat_table + "-tags" not in ddb.list_tables()["TableNames"]


def test_account_descriptions(ddb, chat_table):
    limits = ddb.describe_limits()
    assert limits["TableMaxReadCapacityUnits"] == 40000
    assert ddb.describe_endpoints()["Endpoints"][0]["CachePeriodInMinutes"] == 1440
    backups = ddb.describe_continuous_backups(TableName=chat_table)["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    with pytest.raises(ClientError) as e:
        ddb.describe_continuous_backups(TableName="no-such-table")
    assert error_of(e) == ("TableNotFoundException", "Table not found: no-such-table")
