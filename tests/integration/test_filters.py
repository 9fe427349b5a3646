"""FilterExpression and the legacy KeyConditions / QueryFilter / ScanFilter on Query and Scan."""
import pytest
from botocore.exceptions import ClientError

from conftest import error_of


@pytest.fixture
def loaded(ddb, chat_table):
    for i in range(10):
        item = {"pk": {"S": "p"}, "sk": {"S": f"{i:02d}"}, "n": {"N": str(i)}}
        if i % 2:
            item["odd"] = {"BOOL": True}
        ddb.put_item(TableName=chat_table, Item=item)
    return chat_table


def test_filter_counts_matches_and_scanned(ddb, loaded):
    r = ddb.query(TableName=loaded, KeyConditionExpression="pk = :p",
                  FilterExpression="attribute_exists(odd) AND n > :three",
                  ExpressionAttributeValues={":p": {"S": "p"}, ":three": {"N": "3"}})
    assert [it["n"]["N"] for it in r["Items"]] == ["5", "7", "9"]
    assert (r["Count"], r["ScannedCount"]) == (3, 10)


def test_limit_applies_before_the_filter(ddb, loaded):
    r = ddb.query(TableName=loaded, KeyConditionExpression="pk = :p", Limit=4,
                  FilterExpression="attribute_exists(odd)",
                  ExpressionAttributeValues={":p": {"S": "p"}})
    assert [it["n"]["N"] for it in r["Items"]] == ["1", "3"]
    assert (r["Count"], r["ScannedCount"]) == (2, 4)
    assert r["LastEvaluatedKey"]["sk"] == {"S": "03"}


def test_scan_filter_expression_and_count(ddb, loaded):
    r = ddb.scan(TableName=loaded, FilterExpression="n BETWEEN :a AND :b", Select="COUNT",
                 ExpressionAttributeValues={":a": {"N": "2"}, ":b": {"N": "4"}})
    assert (r["Count"], r["ScannedCount"]) == (3, 10)


def test_filter_on_a_key_attribute_is_refused_in_query(ddb, loaded):
    with pytest.raises(ClientError) as e:
        ddb.query(TableName=loaded, KeyConditionExpression="pk = :p", FilterExpression="sk = :s",
                  ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"S": "01"}})
    assert error_of(e) == ("ValidationException",
                           "Filter Expression can only contain non-primary key attributes: "
                           "Primary key attribute: sk")


def test_legacy_key_conditions_and_query_filter(ddb, loaded):
    r = ddb.query(TableName=loaded,
                  KeyConditions={"pk": {"ComparisonOperator": "EQ",
                                        "AttributeValueList": [{"S": "p"}]},
                                 "sk": {"ComparisonOperator": "BETWEEN",
                                        "AttributeValueList": [{"S": "02"}, {"S": "06"}]}},
                  QueryFilter={"odd": {"ComparisonOperator": "NOT_NULL"}},
                  AttributesToGet=["n"])
    assert r["Items"] == [{"n": {"N": "3"}}, {"n": {"N": "5"}}]
    r = ddb.scan(TableName=loaded, ConditionalOperator="OR",
                 ScanFilter={"n": {"ComparisonOperator": "IN",
                                   "AttributeValueList": [{"N": "1"}, {"N": "2"}]},
                             "odd": {"ComparisonOperator": "NULL"}})
    assert sorted(int(it["n"]["N"]) for it in r["Items"]) == [0, 1, 2, 4, 6, 8]


def test_filter_syntax_errors_name_the_parameter(ddb, loaded):
    with pytest.raises(ClientError) as e:
        ddb.scan(TableName=loaded, FilterExpression="n >")
    assert error_of(e) == ("ValidationException",
                           'Invalid FilterExpression: Syntax error; token: "<EOF>", near: ">"')


def test_pages_stop_at_one_megabyte_before_the_filter(ddb, chat_table):
    blob = "x" * 4000
    for start in range(0, 400, 25):
        ddb.batch_write_item(RequestItems={chat_table: [
            {"PutRequest": {"Item": {"pk": {"S": "big"}, "sk": {"S": f"{i:04d}"},
                                     "blob": {"S": blob}}}} for i in range(start, start + 25)]})
    r = ddb.query(TableName=chat_table, KeyConditionExpression="pk = :p",
                  FilterExpression="attribute_exists(nothing_here)",
                  ExpressionAttributeValues={":p": {"S": "big"}})
    # ~4 KB items: a page holds about 1 MB of them, whatever the filter keeps.
    assert r["Count"] == 0
    assert 240 <= r["ScannedCount"] <= 270
    assert "LastEvaluatedKey" in r
    scanned, start = 0, None
    while True:
        kwargs = {"ExclusiveStartKey": start} if start else {}
        page = ddb.scan(TableName=chat_table, **kwargs)
        scanned += page["ScannedCount"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert scanned == 400
