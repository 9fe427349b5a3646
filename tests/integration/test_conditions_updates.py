"""ConditionExpression, UpdateItem, ReturnValues and the legacy parameters."""
import pytest
from botocore.exceptions import ClientError

from conftest import enveloped, error_of, raw_request


def key(pk="c", sk="1"):
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def put(ddb, table, **attrs):
    ddb.put_item(TableName=table, Item={**key(), **attrs})


def get(ddb, table):
    return ddb.get_item(TableName=table, Key=key(), ConsistentRead=True).get("Item")


def update(ddb, table, expression, values=None, names=None, **kwargs):
    request = dict(TableName=table, Key=key(), UpdateExpression=expression, **kwargs)
    if values:
        request["ExpressionAttributeValues"] = values
    if names:
        request["ExpressionAttributeNames"] = names
    return ddb.update_item(**request)


def test_attribute_not_exists_makes_put_create_only(ddb, chat_table):
    request = dict(TableName=chat_table, Item={**key(), "v": {"S": "first"}},
                   ConditionExpression="attribute_not_exists(pk)")
    ddb.put_item(**request)
    with pytest.raises(ClientError) as e:
        ddb.put_item(**{**request, "Item": {**key(), "v": {"S": "second"}}})
    assert error_of(e) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert get(ddb, chat_table)["v"] == {"S": "first"}


def test_failed_condition_can_return_the_item(server, ddb, chat_table):
    put(ddb, chat_table, v={"N": "1"})
    # botocore 1.29 (Debian's) predates ReturnValuesOnConditionCheckFailure on single-item
    # writes, so this request goes out as raw JSON.
    status, body = raw_request(server, "DeleteItem", {
        "TableName": chat_table, "Key": key(), "ConditionExpression": "v = :two",
        "ExpressionAttributeValues": {":two": {"N": "2"}},
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    assert status == 400
    assert body["__type"].endswith("#ConditionalCheckFailedException")
    assert body["Item"] == {**key(), "v": {"N": "1"}}
    assert get(ddb, chat_table) is not None


@pytest.mark.parametrize("expression,values,expected", [
    ("n = :v", {":v": {"N": "5.0"}}, True),
    ("n <> :v", {":v": {"N": "5"}}, False),
    ("absent <> :v", {":v": {"N": "5"}}, True),
    ("absent = :v", {":v": {"N": "5"}}, False),
    ("n < :v", {":v": {"S": "5"}}, False),
    ("n BETWEEN :a AND :b", {":a": {"N": "1"}, ":b": {"N": "10"}}, True),
    ("n IN (:a, :b)", {":a": {"N": "1"}, ":b": {"N": "5"}}, True),
    ("s > :v AND NOT (s = :w)", {":v": {"S": "a"}, ":w": {"S": "b"}}, True),
    ("begins_with(s, :v)", {":v": {"S": "he"}}, True),
    ("contains(s, :v)", {":v": {"S": "ll"}}, True),
    ("contains(tags, :v)", {":v": {"S": "red"}}, True),
    ("contains(l, :v)", {":v": {"N": "2"}}, True),
    ("size(s) = :v", {":v": {"N": "5"}}, True),
    ("size(tags) > :v", {":v": {"N": "1"}}, True),
    ("attribute_type(n, :t)", {":t": {"S": "N"}}, True),
    ("attribute_exists(m.deep[1])", None, True),
    ("attribute_exists(m.deep[5])", None, False),
    ("m.deep[0] = :v", {":v": {"S": "x"}}, True),
    ("n = :a OR n = :b", {":a": {"N": "1"}, ":b": {"N": "2"}}, False),
    ("(n) = :v", {":v": {"N": "5"}}, True),
    ("(size(s)) > (:v) AND (n BETWEEN (:v) AND :w)", {":v": {"N": "4"}, ":w": {"N": "6"}}, True),
])
def test_condition_semantics(ddb, chat_table, expression, values, expected):
    put(ddb, chat_table, n={"N": "5"}, s={"S": "hello"}, tags={"SS": ["red", "blue"]},
        l={"L": [{"N": "1"}, {"N": "2"}]}, m={"M": {"deep": {"L": [{"S": "x"}, {"S": "y"}]}}})
    request = dict(TableName=chat_table, Item={**key(), "done": {"BOOL": True}},
                   ConditionExpression=expression)
    if values:
        request["ExpressionAttributeValues"] = values
    if expected:
        ddb.put_item(**request)
        assert get(ddb, chat_table) == {**key(), "done": {"BOOL": True}}
    else:
        with pytest.raises(ClientError) as e:
            ddb.put_item(**request)
        assert error_of(e)[0] == "ConditionalCheckFailedException"


def test_update_set_remove_add_delete(ddb, chat_table):
    put(ddb, chat_table, count={"N": "1"}, tags={"SS": ["a", "b"]}, gone={"S": "x"},
        l={"L": [{"S": "0"}, {"S": "1"}, {"S": "2"}]}, m={"M": {"k": {"S": "v"}}})
    r = update(ddb, chat_table,
               "SET #c = #c + :one, m.k2 = :s, l[1] = :s, fresh = if_not_exists(fresh, :zero) "
               "REMOVE gone, l[0] ADD tags :more, tally :five",
               values={":one": {"N": "1"}, ":s": {"S": "new"}, ":zero": {"N": "0"},
                       ":more": {"SS": ["c"]}, ":five": {"N": "5"}},
               names={"#c": "count"}, ReturnValues="ALL_NEW")
    item = r["Attributes"]
    assert item["count"] == {"N": "2"}
    assert item["m"] == {"M": {"k": {"S": "v"}, "k2": {"S": "new"}}}
    assert item["l"] == {"L": [{"S": "new"}, {"S": "2"}]}
    assert item["fresh"] == {"N": "0"}
    assert "gone" not in item
    assert sorted(item["tags"]["SS"]) == ["a", "b", "c"]
    assert item["tally"] == {"N": "5"}
    assert get(ddb, chat_table) == item
    r = update(ddb, chat_table, "DELETE tags :drop", values={":drop": {"SS": ["a", "zzz"]}},
               ReturnValues="UPDATED_NEW")
    assert sorted(r["Attributes"]["tags"]["SS"]) == ["b", "c"]
    update(ddb, chat_table, "DELETE tags :drop", values={":drop": {"SS": ["b", "c"]}})
    assert "tags" not in get(ddb, chat_table)  # an emptied set is removed


def test_update_creates_missing_item_and_list_append(ddb, chat_table):
    update(ddb, chat_table, "SET l = list_append(if_not_exists(l, :empty), :x)",
           values={":empty": {"L": []}, ":x": {"L": [{"N": "1"}]}})
    update(ddb, chat_table, "SET l = list_append(:x, l)", values={":x": {"L": [{"N": "0"}]}})
    assert get(ddb, chat_table) == {**key(), "l": {"L": [{"N": "0"}, {"N": "1"}]}}


def test_update_operands_read_the_old_item(ddb, chat_table):
    put(ddb, chat_table, a={"S": "A"}, b={"S": "B"})
    update(ddb, chat_table, "SET a = b, b = a")
    item = get(ddb, chat_table)
    assert (item["a"], item["b"]) == ({"S": "B"}, {"S": "A"})


def test_number_arithmetic_is_exact(ddb, chat_table):
    put(ddb, chat_table, n={"N": "0.1"})
    update(ddb, chat_table, "SET n = n + :v", values={":v": {"N": "0.2"}})
    assert get(ddb, chat_table)["n"] == {"N": "0.3"}
    update(ddb, chat_table, "SET n = n - :v", values={":v": {"N": "1000000000000000000000000000000"}})
    assert get(ddb, chat_table)["n"] == {"N": "-999999999999999999999999999999.7"}
    with pytest.raises(ClientError) as e:
        update(ddb, chat_table, "ADD n :v", values={":v": {"N": "1E-30"}})
    assert error_of(e) == ("ValidationException",
                           "Attempting to store more than 38 significant digits in a Number")


@pytest.mark.parametrize("return_values,expected", [
    ("UPDATED_OLD", {"a": {"S": "old"}}),
    ("UPDATED_NEW", {"a": {"S": "new"}, "c": {"N": "1"}}),
    ("ALL_OLD", {"pk": {"S": "c"}, "sk": {"S": "1"}, "a": {"S": "old"}, "b": {"S": "keep"}}),
])
def test_update_return_values(ddb, chat_table, return_values, expected):
    put(ddb, chat_table, a={"S": "old"}, b={"S": "keep"})
    r = update(ddb, chat_table, "SET a = :new, c = :one",
               values={":new": {"S": "new"}, ":one": {"N": "1"}}, ReturnValues=return_values)
    assert r["Attributes"] == expected


def test_conditional_update_counter(ddb, chat_table):
    put(ddb, chat_table, version={"N": "1"})
    update(ddb, chat_table, "SET version = version + :one", values={":one": {"N": "1"}, ":v": {"N": "1"}},
           ConditionExpression="version = :v")
    with pytest.raises(ClientError) as e:
        update(ddb, chat_table, "SET version = version + :one",
               values={":one": {"N": "1"}, ":v": {"N": "1"}}, ConditionExpression="version = :v")
    assert error_of(e)[0] == "ConditionalCheckFailedException"
    assert get(ddb, chat_table)["version"] == {"N": "2"}


@pytest.mark.parametrize("expression,values,names,message", [
    ("SET pk = :v", {":v": {"S": "x"}}, None,
     "One or more parameter values were invalid: Cannot update attribute pk. This attribute is "
     "part of the key"),
    ("SET a = :v, a.b = :v", {":v": {"S": "x"}}, None,
     enveloped("Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
     "rewrite one of these paths; path one: [a], path two: [a, b]")),
    ("SET a = :v SET b = :v", {":v": {"S": "x"}}, None,
     enveloped('Invalid UpdateExpression: The "SET" section can only be used once in an update '
     "expression;")),
    ("SET status = :v", {":v": {"S": "x"}}, None,
     enveloped("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status")),
    ("SET a = :v +", {":v": {"N": "1"}}, None,
     enveloped('Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "+"')),
    ("SET a = :v + :w", {":v": {"N": "1"}, ":w": {"S": "x"}}, None,
     enveloped("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
     "function: +, operand type: S")),
    ("ADD a :v", {":v": {"S": "x"}}, None,
     enveloped("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
     "operand type: S")),
    ("SET a = size(b)", None, None,
     enveloped("Invalid UpdateExpression: The function is not allowed in an update expression; function: "
     "size")),
    ("SET a = if_not_exists(:v, b)", {":v": {"S": "x"}}, None,
     enveloped("Invalid UpdateExpression: Operator or function requires a document path; operator or "
     "function: if_not_exists")),
    ("SET a = nope", None, None,
     "The provided expression refers to an attribute that does not exist in the item"),
    ("SET a = :v", {":v": {"S": "x"}}, {"#unused": "x"},
     enveloped("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}")),
    ("SET m.deep.er = :v", {":v": {"S": "x"}}, None,
     "The document path provided in the update expression is invalid for update"),
    ("SET s = s + :v", {":v": {"N": "1"}}, None,
     "An operand in the update expression has an incorrect data type"),
])
def test_update_errors_change_nothing(ddb, chat_table, expression, values, names, message):
    put(ddb, chat_table, s={"S": "str"}, m={"M": {}})
    before = get(ddb, chat_table)
    with pytest.raises(ClientError) as e:
        update(ddb, chat_table, expression, values=values, names=names)
    assert error_of(e) == ("ValidationException", message)
    assert get(ddb, chat_table) == before


@pytest.mark.parametrize("expression,values,message", ids=lambda v: str(v)[:40], argvalues=[
    ("attribute_exists(a) = :v", {":v": {"S": "x"}},
     "Invalid ConditionExpression: The function is not allowed to be used this way in an "
     "expression; function: attribute_exists"),
    ("size(a)", None,
     "Invalid ConditionExpression: The function is not allowed to be used this way in an "
     "expression; function: size"),
    ("a = a", None,
     "Invalid ConditionExpression: The first operand must be distinct from the remaining "
     "operands for this operator or function; operator: =, first operand: [a]"),
    ("attribute_exists(a, b)", None,
     "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
     "operator or function: attribute_exists, number of operands: 2"),
    ("begins_with(a, :n)", {":n": {"N": "1"}},
     "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
     "function: begins_with, operand type: N"),
    ("attribute_type(a, :t)", {":t": {"S": "X"}},
     "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: "
     "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
    ("((a = :v))", {":v": {"S": "x"}},
     "Invalid ConditionExpression: The expression has redundant parentheses;"),
    ("a BETWEEN :b AND :a", {":a": {"N": "1"}, ":b": {"N": "2"}},
     "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than "
     "or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: "
     "AttributeValue: {N:1}"),
    ("a IN (" + ", ".join([":v"] * 101) + ")", {":v": {"S": "x"}},
     "Invalid ConditionExpression: The IN operator is provided with too many operands; number "
     "of operands: 101"),
    ("foo(a)", None, "Invalid ConditionExpression: Invalid function name; function: foo"),
    ("a = :v AND " * 400 + "a = :v", {":v": {"S": "x"}},
     "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
     "expression size: 4406"),
])
def test_condition_expression_errors(ddb, chat_table, expression, values, message):
    request = dict(TableName=chat_table, Item=key(), ConditionExpression=expression)
    if values:
        request["ExpressionAttributeValues"] = values
    with pytest.raises(ClientError) as e:
        ddb.put_item(**request)
    assert error_of(e) == ("ValidationException", enveloped(message))
    assert get(ddb, chat_table) is None


def test_expression_and_legacy_parameters_do_not_mix(ddb, chat_table):
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName=chat_table, Item=key(), ConditionExpression="attribute_not_exists(pk)",
                     Expected={"pk": {"Exists": False}})
    assert error_of(e) == ("ValidationException", enveloped(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"))
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName=chat_table, Item=key(), ExpressionAttributeNames={"#a": "a"})
    assert error_of(e) == ("ValidationException", enveloped(
        "ExpressionAttributeNames can only be specified when using expressions"))


def test_legacy_expected_and_attribute_updates(ddb, chat_table):
    ddb.put_item(TableName=chat_table, Item={**key(), "v": {"N": "1"}},
                 Expected={"pk": {"Exists": False}})
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName=chat_table, Item=key(), Expected={"pk": {"Exists": False}})
    assert error_of(e)[0] == "ConditionalCheckFailedException"
    ddb.update_item(TableName=chat_table, Key=key(),
                    AttributeUpdates={"v": {"Action": "ADD", "Value": {"N": "2"}},
                                      "s": {"Action": "PUT", "Value": {"SS": ["a", "b"]}},
                                      "l": {"Action": "ADD", "Value": {"L": [{"S": "x"}]}}},
                    Expected={"v": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "5"}]}})
    ddb.update_item(TableName=chat_table, Key=key(),
                    AttributeUpdates={"s": {"Action": "DELETE", "Value": {"SS": ["a"]}}},
                    Expected={"v": {"Value": {"N": "3"}}, "nope": {"ComparisonOperator": "NULL"}},
                    ConditionalOperator="AND")
    assert get(ddb, chat_table) == {**key(), "v": {"N": "3"}, "s": {"SS": ["b"]},
                                    "l": {"L": [{"S": "x"}]}}
    with pytest.raises(ClientError) as e:
        ddb.update_item(TableName=chat_table, Key=key(),
                        Expected={"v": {"ComparisonOperator": "BETWEEN",
                                        "AttributeValueList": [{"N": "1"}]}})
    assert error_of(e) == ("ValidationException", enveloped(
        "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN "
        "ComparisonOperator"))


def test_update_with_gsi_key_moves_the_index_entry(ddb, chat_table):
    put(ddb, chat_table, message_group_uuid={"S": "g-old"})
    update(ddb, chat_table, "SET message_group_uuid = :g", values={":g": {"S": "g-new"}})

    def count(group):
        return ddb.query(TableName=chat_table, IndexName="message-group-sk-index",
                         KeyConditionExpression="message_group_uuid = :g",
                         ExpressionAttributeValues={":g": {"S": group}})["Count"]
    assert (count("g-old"), count("g-new")) == (0, 1)


def test_capacity_and_item_collection_metrics_on_every_write(ddb, unique_lsi_table):
    table = unique_lsi_table
    item_key = {"h": {"S": "a"}, "r": {"S": "1"}}
    for call in [
        lambda **kw: ddb.put_item(TableName=table, Item={**item_key, "l": {"N": "1"}}, **kw),
        lambda **kw: ddb.update_item(TableName=table, Key=item_key, UpdateExpression="SET x = :v",
                                     ExpressionAttributeValues={":v": {"S": "x" * 2000}}, **kw),
        lambda **kw: ddb.delete_item(TableName=table, Key=item_key, **kw),
    ]:
        r = call(ReturnConsumedCapacity="TOTAL", ReturnItemCollectionMetrics="SIZE")
        assert r["ConsumedCapacity"]["TableName"] == table
        assert r["ConsumedCapacity"]["CapacityUnits"] >= 1.0
        assert r["ItemCollectionMetrics"] == {"ItemCollectionKey": {"h": {"S": "a"}},
                                              "SizeEstimateRangeGB": [0.0, 1.0]}


@pytest.fixture
def unique_lsi_table(ddb):
    import uuid
    name = f"lsi-{uuid.uuid4().hex[:10]}"
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "h", "AttributeType": "S"},
                              {"AttributeName": "r", "AttributeType": "S"},
                              {"AttributeName": "l", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "h", "KeyType": "HASH"},
                   {"AttributeName": "r", "KeyType": "RANGE"}],
        LocalSecondaryIndexes=[{"IndexName": "by-l",
                                "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        BillingMode="PAY_PER_REQUEST")
    yield name
    ddb.delete_table(TableName=name)


def test_no_item_collection_metrics_without_local_indexes(ddb, chat_table):
    r = ddb.put_item(TableName=chat_table, Item=key(), ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in r


def test_operator_and_nesting_limits(ddb, chat_table):
    many = " OR ".join(["a = :v"] * 301)
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName=chat_table, Item=key(), ConditionExpression=many,
                     ExpressionAttributeValues={":v": {"S": "x"}})
    assert error_of(e) == ("ValidationException", enveloped(
        "Invalid ConditionExpression: The expression contains too many operators; operator "
        "count: 601"))
    deep = "a" + ".b" * 32
    with pytest.raises(ClientError) as e:
        ddb.get_item(TableName=chat_table, Key=key(), ProjectionExpression=deep)
    assert error_of(e) == ("ValidationException",
                           "Invalid ProjectionExpression: The document path has too many nesting "
                           "levels; nesting levels: 33")


@pytest.mark.parametrize("names,values,message", [
    ({"#a-b": "a"}, None,
     'ExpressionAttributeNames contains invalid key: Syntax error; key: "#a-b"'),
    ({"#" + "a" * 255: "a"}, None,
     "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key "
     "that is too long; size of key: 256"),
    ({"#a": ""}, None,
     "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a"),
    (None, {"v": {"S": "x"}}, 'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'),
    ({}, None, "ExpressionAttributeNames must not be empty"),
])
def test_placeholder_maps_are_validated(unchecked_ddb, chat_table, names, values, message):
    request = dict(TableName=chat_table, Item=key(), ConditionExpression="attribute_not_exists(pk)")
    if names is not None:
        request["ExpressionAttributeNames"] = names
    if values is not None:
        request["ExpressionAttributeValues"] = values
    with pytest.raises(ClientError) as e:
        unchecked_ddb.put_item(**request)
    assert error_of(e) == ("ValidationException", enveloped(message))
