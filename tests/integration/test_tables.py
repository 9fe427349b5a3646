"""CreateTable, DescribeTable, ListTables, DeleteTable and their errors."""
import subprocess
import threading

import pytest
from botocore.exceptions import ClientError

from conftest import error_of, free_port, raw_request, unique_name
from stack import SERVER_BINARY


def simple_table(ddb, name, **extra):
    return ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        **extra)


def test_create_describe_delete(ddb):
    name = unique_name()
    created = simple_table(ddb, name)["TableDescription"]
    assert created["TableName"] == name
    assert created["TableStatus"] == "ACTIVE"
    assert created["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert created["TableArn"] == f"arn:aws:dynamodb:us-east-1:000000000000:table/{name}"
    assert len(created["TableId"]) == 36
    assert created["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert created["ItemCount"] == 0 and created["TableSizeBytes"] == 0

    ddb.put_item(TableName=name, Item={"id": {"S": "a"}, "v": {"S": "hello"}})
    described = ddb.describe_table(TableName=name)["Table"]
    assert described["ItemCount"] == 1
    assert described["TableSizeBytes"] == len("id") + 1 + len("v") + 5
    assert described["CreationDateTime"] == created["CreationDateTime"]

    deleted = ddb.delete_table(TableName=name)["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    with pytest.raises(ClientError) as e:
        ddb.describe_table(TableName=name)
    assert error_of(e) == ("ResourceNotFoundException",
                           f"Requested resource not found: Table: {name} not found")


def test_pay_per_request_has_billing_mode_summary(ddb, chat_table):
    table = ddb.describe_table(TableName=chat_table)["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    (gsi,) = table["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "message-group-sk-index"
    assert gsi["IndexStatus"] == "ACTIVE"
    assert gsi["Projection"] == {"ProjectionType": "ALL"}
    assert gsi["IndexArn"] == table["TableArn"] + "/index/message-group-sk-index"


def test_local_indexes_and_streams_are_described(ddb):
    name = unique_name()
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "h", "AttributeType": "S"},
                              {"AttributeName": "r", "AttributeType": "S"},
                              {"AttributeName": "l", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "h", "KeyType": "HASH"},
                   {"AttributeName": "r", "KeyType": "RANGE"}],
        LocalSecondaryIndexes=[{
            "IndexName": "by-l",
            "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"},
                          {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]},
        }],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        BillingMode="PAY_PER_REQUEST")
    table = ddb.describe_table(TableName=name)["Table"]
    (lsi,) = table["LocalSecondaryIndexes"]
    assert lsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert table["LatestStreamArn"] == table["TableArn"] + "/stream/" + table["LatestStreamLabel"]
    ddb.delete_table(TableName=name)


def test_duplicate_table_is_resource_in_use(ddb, chat_table):
    with pytest.raises(ClientError) as e:
        ddb.create_table(
            TableName=chat_table,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST")
    assert error_of(e) == ("ResourceInUseException", f"Table already exists: {chat_table}")


@pytest.mark.parametrize("kwargs,message", [
    (dict(TableName="ab"),
     "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
     "Member must have length greater than or equal to 3"),
    (dict(KeySchema=[{"AttributeName": "id", "KeyType": "RANGE"}]),
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    (dict(KeySchema=[{"AttributeName": "other", "KeyType": "HASH"}]),
     "One or more parameter values were invalid: Some index key attributes are not defined in "
     "AttributeDefinitions. Keys: [other], AttributeDefinitions: [id]"),
    (dict(AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                {"AttributeName": "x", "AttributeType": "S"}]),
     "One or more parameter values were invalid: Number of attributes in KeySchema does not "
     "exactly match number of attributes defined in AttributeDefinitions"),
    (dict(BillingMode="PROVISIONED", ProvisionedThroughput=None),
     "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must "
     "both be specified when BillingMode is PROVISIONED"),
    (dict(BillingMode="PAY_PER_REQUEST"),
     "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
     "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"),
])
def test_create_table_validation(unchecked_ddb, kwargs, message):
    ddb = unchecked_ddb
    request = dict(
        TableName=unique_name(),
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    request.update(kwargs)
    request = {k: v for k, v in request.items() if v is not None}
    with pytest.raises(ClientError) as e:
        ddb.create_table(**request)
    assert error_of(e) == ("ValidationException", message)
    assert request["TableName"] not in ddb.list_tables(Limit=100)["TableNames"]


def test_list_tables_pages(ddb):
    prefix = unique_name("page")
    names = sorted(f"{prefix}-{i}" for i in range(5))
    for n in names:
        simple_table(ddb, n)
    seen, start = [], None
    while True:
        kwargs = {"Limit": 2}
        if start:
            kwargs["ExclusiveStartTableName"] = start
        page = ddb.list_tables(**kwargs)
        assert len(page["TableNames"]) <= 2
        seen += page["TableNames"]
        start = page.get("LastEvaluatedTableName")
        if not start:
            break
    assert [n for n in seen if n.startswith(prefix)] == names
    assert seen == sorted(seen)
    for n in names:
        ddb.delete_table(TableName=n)


def test_list_tables_limit_validation(unchecked_ddb):
    ddb = unchecked_ddb
    with pytest.raises(ClientError) as e:
        ddb.list_tables(Limit=101)
    assert error_of(e) == ("ValidationException",
                           "1 validation error detected: Value '101' at 'limit' failed to satisfy "
                           "constraint: Member must have value less than or equal to 100")


def test_unknown_table_for_data_operations(ddb):
    for call in [lambda: ddb.get_item(TableName="no-such-table", Key={"id": {"S": "a"}}),
                 lambda: ddb.put_item(TableName="no-such-table", Item={"id": {"S": "a"}}),
                 lambda: ddb.scan(TableName="no-such-table"),
                 lambda: ddb.delete_table(TableName="no-such-table")]:
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e)[0] == "ResourceNotFoundException"


def test_update_table_changes_what_it_says_and_refuses_a_no_op(ddb, chat_table):
    # As DynamoDB (nubo-db/dynamodb-conformance, updateTable/basic.test.ts): PAY_PER_REQUEST
    # again is accepted; the same provisioned throughput again is refused; nothing at all too.
    ddb.update_table(TableName=chat_table, BillingMode="PAY_PER_REQUEST")
    name = unique_name("prov")
    ddb.create_table(TableName=name, AttributeDefinitions=[{"AttributeName": "pk",
                                                            "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    try:
        with pytest.raises(ClientError) as e:
            ddb.update_table(TableName=name, BillingMode="PROVISIONED",
                             ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                    "WriteCapacityUnits": 5})
        assert error_of(e) == (
            "ValidationException",
            "The provisioned throughput for the table will not change. The requested value "
            "equals the current value. Current ReadCapacityUnits provisioned for the table: 5. "
            "Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the "
            "table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer "
            "Guide for current limits and how to request higher limits.")
        with pytest.raises(ClientError) as e:
            ddb.update_table(TableName=name)
        assert error_of(e) == (
            "ValidationException",
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
            "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required")
        ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 6,
                                                                "WriteCapacityUnits": 5})
        throughput = ddb.describe_table(TableName=name)["Table"]["ProvisionedThroughput"]
        assert (throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]) == (6, 5)
    finally:
        ddb.delete_table(TableName=name)


def test_an_in_memory_server_takes_requests_the_moment_it_listens():
    # In memory the database opens while the server starts listening: a request sent at once
    # waits for it rather than failing, and ListTables needs no database at all.
    port = free_port()
    process = subprocess.Popen([str(SERVER_BINARY), "--host", "127.0.0.1", "--port", str(port),
                                "--in-memory"], stdout=subprocess.PIPE)
    try:
        assert b"listening" in process.stdout.readline()
        at = type("At", (), {"port": port})
        answers = {}

        def create_and_use():
            answers["create"] = raw_request(at, "CreateTable", {
                "TableName": "early",
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST"})
            answers["put"] = raw_request(at, "PutItem", {
                "TableName": "early", "Item": {"id": {"S": "a"}, "n": {"N": "1"}}})
            answers["get"] = raw_request(at, "GetItem", {
                "TableName": "early", "Key": {"id": {"S": "a"}}})

        writer = threading.Thread(target=create_and_use)
        writer.start()
        status, listed = raw_request(at, "ListTables", {})
        writer.join()
        assert status == 200 and listed["TableNames"] in ([], ["early"])
        assert answers["create"][0] == 200
        assert answers["create"][1]["TableDescription"]["TableStatus"] == "ACTIVE"
        assert answers["put"] == (200, {})
        assert answers["get"] == (200, {"Item": {"id": {"S": "a"}, "n": {"N": "1"}}})
    finally:
        process.kill()
        process.wait()
