"""UpdateExpression as real clients send it: parenthesised arithmetic (ElectroDB's add and
subtract), functions nested where DynamoDB allows them and refused where it does not, document
paths that cannot be written, and updates of an item that is not there."""
import pytest
from botocore.exceptions import ClientError

from conftest import enveloped, error_of
from test_conditions_updates import get, key, put, update


@pytest.mark.parametrize("expression,start,expected", [
    # ElectroDB's add() and subtract(): the attribute may be missing.
    ("SET #n = (if_not_exists(#n, :zero) - :v)", None, "-3"),
    ("SET #n = (if_not_exists(#n, :zero) + :v)", "10", "13"),
    ("SET #n = (#n - :v)", "10", "7"),
    ("SET #n = ((#n + :v))", "10", "13"),
    ("SET #n = (:v) + #n", "10", "13"),
])
def test_a_parenthesised_set_value_is_computed(ddb, chat_table, expression, start, expected):
    put(ddb, chat_table, **({"n": {"N": start}} if start else {}))
    update(ddb, chat_table, expression, values={":v": {"N": "3"}, ":zero": {"N": "0"}}
           if ":zero" in expression else {":v": {"N": "3"}}, names={"#n": "n"})
    assert get(ddb, chat_table)["n"] == {"N": expected}


def test_a_parenthesised_set_value_in_a_transaction(ddb, chat_table):
    put(ddb, chat_table, n={"N": "10"})
    ddb.transact_write_items(TransactItems=[{"Update": {
        "TableName": chat_table, "Key": key(),
        "UpdateExpression": "SET #n = (if_not_exists(#n, :zero) - :v), #m = (if_not_exists(#m, :zero) + :v)",
        "ExpressionAttributeNames": {"#n": "n", "#m": "m"},
        "ExpressionAttributeValues": {":v": {"N": "4"}, ":zero": {"N": "0"}}}}])
    item = get(ddb, chat_table)
    assert (item["n"], item["m"]) == ({"N": "6"}, {"N": "4"})


def test_list_append_of_if_not_exists_appends_to_a_missing_list(ddb, chat_table):
    put(ddb, chat_table)
    for values in (["a"], ["b"]):
        update(ddb, chat_table, "SET l = list_append(if_not_exists(l, :empty), :v)",
               values={":empty": {"L": []}, ":v": {"L": [{"S": v} for v in values]}})
    assert get(ddb, chat_table)["l"] == {"L": [{"S": "a"}, {"S": "b"}]}


# The messages DynamoDB answers with (pinned against DynamoDB by ScyllaDB Alternator's test
# suite, test_update_expression.py): only one + or - in a SET value, none inside a function's
# arguments, list_append not nested in a function, if_not_exists' first operand a path.
@pytest.mark.parametrize("expression,values,message", ids=lambda v: str(v)[:50], argvalues=[
    ("SET n = (n + :v) - :v", {":v": {"N": "1"}},
     'Invalid UpdateExpression: Syntax error; token: "-", near: ") - :v"'),
    ("SET n = n + :v - :v", {":v": {"N": "1"}},
     'Invalid UpdateExpression: Syntax error; token: "-", near: ":v - :v"'),
    ("SET n = if_not_exists(n, :v + :v)", {":v": {"N": "1"}},
     'Invalid UpdateExpression: Syntax error; token: "+", near: ":v + :v"'),
    ("SET l = list_append(list_append(:l, :l), :l)", {":l": {"L": []}},
     "Invalid UpdateExpression: The function is not allowed to be used this way in an "
     "expression; function: list_append"),
    ("SET n = if_not_exists(if_not_exists(n, :v), :v)", {":v": {"N": "1"}},
     "Invalid UpdateExpression: Operator or function requires a document path; operator or "
     "function: if_not_exists"),
    ("SET n = f(n)", None, "Invalid UpdateExpression: Invalid function name; function: f"),
    ("SET n = _f(n)", None, 'Invalid UpdateExpression: Syntax error; token: "_", near: "= _f"'),
])
def test_misplaced_operators_and_functions_are_refused(ddb, chat_table, expression, values,
                                                       message):
    put(ddb, chat_table, n={"N": "1"})
    before = get(ddb, chat_table)
    with pytest.raises(ClientError) as e:
        update(ddb, chat_table, expression, values=values)
    assert error_of(e) == ("ValidationException", enveloped(message))
    assert get(ddb, chat_table) == before


@pytest.mark.parametrize("expression", [
    "SET l.b = :v",     # l is a list
    "SET m[0] = :v",    # m is a map
    "SET l[5].b = :v",  # l has two elements
    "SET zz.b = :v",    # zz is not there
    "SET zz[0] = :v",
])
def test_set_below_a_missing_or_mistyped_parent_is_an_invalid_path(ddb, chat_table, expression):
    put(ddb, chat_table, l={"L": [{"S": "a"}, {"S": "b"}]}, m={"M": {"x": {"S": "y"}}})
    before = get(ddb, chat_table)
    with pytest.raises(ClientError) as e:
        update(ddb, chat_table, expression, values={":v": {"S": "new"}})
    assert error_of(e) == ("ValidationException", "The document path provided in the update "
                           "expression is invalid for update")
    assert get(ddb, chat_table) == before


def test_set_past_the_end_of_a_list_appends(ddb, chat_table):
    put(ddb, chat_table, l={"L": [{"S": "a"}]})
    update(ddb, chat_table, "SET l[7] = :v", values={":v": {"S": "b"}})
    assert get(ddb, chat_table)["l"] == {"L": [{"S": "a"}, {"S": "b"}]}


def test_an_update_that_only_removes_does_not_create_the_item(ddb, chat_table):
    answer = update(ddb, chat_table, "REMOVE a, b", ReturnValues="ALL_NEW")
    assert "Attributes" not in answer
    assert get(ddb, chat_table) is None
    ddb.update_item(TableName=chat_table, Key=key(),
                    AttributeUpdates={"a": {"Action": "DELETE"}})
    assert get(ddb, chat_table) is None
    ddb.transact_write_items(TransactItems=[{"Update": {
        "TableName": chat_table, "Key": key(), "UpdateExpression": "REMOVE a"}}])
    assert get(ddb, chat_table) is None


def test_an_update_that_sets_or_has_no_actions_creates_the_item(ddb, chat_table):
    ddb.update_item(TableName=chat_table, Key=key(), AttributeUpdates={})
    assert get(ddb, chat_table) == key()
    ddb.delete_item(TableName=chat_table, Key=key())
    answer = update(ddb, chat_table, "SET a = :v REMOVE b", values={":v": {"S": "x"}},
                    ReturnValues="ALL_NEW")
    assert answer["Attributes"] == {**key(), "a": {"S": "x"}}


@pytest.mark.parametrize("expression", ["SET n = n + :big", "ADD n :big"])
def test_arithmetic_past_the_largest_magnitude_is_refused(ddb, chat_table, expression):
    large = "9.9E+125"
    put(ddb, chat_table, n={"N": large})
    before = get(ddb, chat_table)
    with pytest.raises(ClientError) as e:
        update(ddb, chat_table, expression, values={":big": {"N": large}})
    assert error_of(e) == ("ValidationException", "Number overflow. Attempting to store a number "
                           "with magnitude larger than supported range")
    assert get(ddb, chat_table) == before


def test_one_expression_text_is_resolved_against_each_requests_own_names(ddb, chat_table):
    # Applications send the same expression text with new names and values; the server keeps
    # the parsed text, and each request's placeholders must still be its own.
    put(ddb, chat_table)
    text = "SET #a = :v"
    for name, value in (("x", "1"), ("y", "2"), ("x", "3")):
        update(ddb, chat_table, text, values={":v": {"S": value}}, names={"#a": name})
    assert get(ddb, chat_table) == {**key(), "x": {"S": "3"}, "y": {"S": "2"}}
    condition = "attribute_exists(#a)"
    update(ddb, chat_table, "SET z = :v", values={":v": {"S": "4"}}, names={"#a": "y"},
           ConditionExpression=condition)
    with pytest.raises(ClientError) as caught:
        update(ddb, chat_table, "SET z = :v", values={":v": {"S": "5"}}, names={"#a": "w"},
               ConditionExpression=condition)
    assert caught.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert get(ddb, chat_table)["z"] == {"S": "4"}
    # One KeyConditionExpression text on the base table's key, then a name the table lacks.
    query = dict(TableName=chat_table, KeyConditionExpression="#h = :h",
                 ExpressionAttributeValues={":h": {"S": "c"}})
    assert ddb.query(**query, ExpressionAttributeNames={"#h": "pk"})["Count"] == 1
    with pytest.raises(ClientError) as caught:
        ddb.query(**query, ExpressionAttributeNames={"#h": "x"})
    assert error_of(caught) == (
        "ValidationException", "Query condition missed key schema element: pk")
