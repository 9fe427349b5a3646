"""BatchWriteItem and BatchGetItem."""
import re

import pytest
from botocore.exceptions import ClientError

from conftest import error_of


def put(pk, sk, **attrs):
    item = {"pk": {"S": pk}, "sk": {"S": sk}}
    item.update({k: {"S": v} for k, v in attrs.items()})
    return {"PutRequest": {"Item": item}}


def test_batch_write_puts_and_deletes(ddb, chat_table):
    r = ddb.batch_write_item(RequestItems={chat_table: [put("b", str(i)) for i in range(25)]},
                             ReturnConsumedCapacity="TOTAL")
    assert r["UnprocessedItems"] == {}
    assert r["ConsumedCapacity"] == [{"TableName": chat_table, "CapacityUnits": 25.0}]
    ddb.batch_write_item(RequestItems={chat_table: [
        {"DeleteRequest": {"Key": {"pk": {"S": "b"}, "sk": {"S": str(i)}}}} for i in range(10)]})
    assert ddb.describe_table(TableName=chat_table)["Table"]["ItemCount"] == 15


def test_batch_write_limits(ddb, chat_table):
    with pytest.raises(ClientError) as e:
        ddb.batch_write_item(RequestItems={chat_table: [put("b", str(i)) for i in range(26)]})
    # DynamoDB echoes the whole request in Java's toString form (nubo-db/dynamodb-conformance,
    # batchWriteItem.test.ts pins the envelope and the constraint, not the echo).
    code, message = error_of(e)
    assert code == "ValidationException"
    assert re.fullmatch(
        r"1 validation error detected: Value '\{" + re.escape(chat_table) + r"=\[.+\]\}' at "
        r"'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
        r"\[Member must have length less than or equal to 25, Member must have length greater "
        r"than or equal to 1\]", message, re.S)
    assert "WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(s=b, " in message
    with pytest.raises(ClientError) as e:
        ddb.batch_write_item(RequestItems={chat_table: [put("b", "1"), put("b", "1", x="y")]})
    assert error_of(e) == ("ValidationException", "Provided list of item keys contains duplicates")
    with pytest.raises(ClientError) as e:
        ddb.batch_write_item(RequestItems={chat_table: [put("b", "1"), put("", "2")]})
    assert error_of(e)[0] == "ValidationException"
    with pytest.raises(ClientError) as e:
        ddb.batch_write_item(RequestItems={"missing-table": [put("b", "1")]})
    assert error_of(e)[0] == "ResourceNotFoundException"
    # A rejected batch writes nothing.
    assert ddb.describe_table(TableName=chat_table)["Table"]["ItemCount"] == 0


def test_batch_get(ddb, chat_table):
    ddb.batch_write_item(RequestItems={chat_table: [put("g", str(i), v=f"v{i}") for i in range(5)]})
    keys = [{"pk": {"S": "g"}, "sk": {"S": str(i)}} for i in range(7)]
    r = ddb.batch_get_item(RequestItems={chat_table: {"Keys": keys, "ProjectionExpression": "v"}})
    assert sorted(it["v"]["S"] for it in r["Responses"][chat_table]) == [f"v{i}" for i in range(5)]
    assert r["UnprocessedKeys"] == {}
    with pytest.raises(ClientError) as e:
        ddb.batch_get_item(RequestItems={chat_table: {"Keys": [keys[0], keys[0]]}})
    assert error_of(e) == ("ValidationException", "Provided list of item keys contains duplicates")


def test_batch_get_returns_unprocessed_keys_past_16_mb(ddb, chat_table):
    blob = "x" * (390 * 1024)
    for start in range(0, 60, 20):
        for i in range(start, start + 20):
            ddb.put_item(TableName=chat_table,
                         Item={"pk": {"S": "huge"}, "sk": {"S": f"{i:03d}"}, "b": {"S": blob}})
    keys = [{"pk": {"S": "huge"}, "sk": {"S": f"{i:03d}"}} for i in range(60)]
    r = ddb.batch_get_item(RequestItems={chat_table: {"Keys": keys}})
    got = len(r["Responses"][chat_table])
    left = r["UnprocessedKeys"][chat_table]["Keys"]
    assert 40 <= got < 60 and got + len(left) == 60
    r2 = ddb.batch_get_item(RequestItems=r["UnprocessedKeys"])
    assert len(r2["Responses"][chat_table]) == len(left)


def test_batch_get_limits(unchecked_ddb, chat_table):
    keys = [{"pk": {"S": "k"}, "sk": {"S": str(i)}} for i in range(101)]
    with pytest.raises(ClientError) as e:
        unchecked_ddb.batch_get_item(RequestItems={chat_table: {"Keys": keys}})
    # DynamoDB's newer form here: the model's names, no value echoed (batchGetItem.test.ts).
    assert error_of(e) == ("ValidationException",
                           f"1 validation error detected: Value at 'RequestItems.{chat_table}"
                           ".member.Keys' failed to satisfy constraint: Member must have length "
                           "less than or equal to 100")
