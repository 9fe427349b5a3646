"""PartiQL (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction) through boto3 and the
aws CLI: each statement form, paging, indexes, writes through the one write path, and DynamoDB's
errors (the exact texts as nubo-db/dynamodb-conformance pins them against AWS)."""
import json
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import create_table, error_of, unique_name


@pytest.fixture
def table(ddb):
    """pk/sk strings, a GSI on (g, sk) and a stream, as a messages table."""
    name = unique_name("partiql")
    create_table(ddb, name, gsis=(("by-g", (("g", "S"), ("sk", "S")), "ALL"),),
                 StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    yield name
    ddb.delete_table(TableName=name)


def run(ddb, statement, **kwargs):
    return ddb.execute_statement(Statement=statement, **kwargs)


def refused(ddb, statement, **kwargs):
    with pytest.raises(ClientError) as e:
        run(ddb, statement, **kwargs)
    return error_of(e)


def test_insert_select_update_delete(ddb, table):
    run(ddb, f"""INSERT INTO "{table}" VALUE {{'pk': 'a', 'sk': '1', 'n': 5, 'd': 1.5e2,
                 'm': {{'x': [1, 'two', true, null]}}, 's': <<'p', 'q'>>, 'ns': <<1, 2>>}}""")
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}})["Item"]
    assert item == {"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "5"}, "d": {"N": "150"},
                    "m": {"M": {"x": {"L": [{"N": "1"}, {"S": "two"}, {"BOOL": True},
                                            {"NULL": True}]}}},
                    "s": {"SS": ["p", "q"]}, "ns": {"NS": ["1", "2"]}}
    assert run(ddb, f"SELECT * FROM \"{table}\" WHERE pk = 'a' AND sk = '1'")["Items"] == [item]
    # A path is named after its last name.
    assert run(ddb, f"SELECT sk, m.x[1] FROM \"{table}\" WHERE pk = 'a'")["Items"] == [
        {"sk": {"S": "1"}, "x": {"S": "two"}}]
    r = run(ddb, f"""UPDATE "{table}" SET n = n + 10 SET t = 'x', l = list_append(m.x, [9])
                     REMOVE s WHERE pk = 'a' AND sk = '1' RETURNING MODIFIED NEW *""")
    assert r["Items"] == [{"n": {"N": "15"}, "t": {"S": "x"},
                           "l": {"L": [{"N": "1"}, {"S": "two"}, {"BOOL": True}, {"NULL": True},
                                       {"N": "9"}]}}]
    run(ddb, f"UPDATE \"{table}\" SET ns = set_add(ns, <<3>>) WHERE pk = 'a' AND sk = '1'")
    run(ddb, f"UPDATE \"{table}\" SET ns = set_delete(ns, <<1>>) WHERE pk = 'a' AND sk = '1'")
    assert run(ddb, f"SELECT ns FROM \"{table}\" WHERE pk = 'a' AND sk = '1'")["Items"] == [
        {"ns": {"NS": ["2", "3"]}}]
    r = run(ddb, f"DELETE FROM \"{table}\" WHERE pk = 'a' AND sk = '1' RETURNING ALL OLD *")
    assert r["Items"][0]["t"] == {"S": "x"}
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}})


def test_insert_is_not_an_upsert_and_update_needs_the_item(ddb, table):
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'v': 'first'}}")
    assert refused(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'v': 'x'}}") == (
        "DuplicateItemException", "Duplicate primary key exists in table")
    assert run(ddb, f"SELECT v FROM \"{table}\" WHERE pk = 'a' AND sk = '1'")["Items"] == [
        {"v": {"S": "first"}}]
    assert refused(ddb, f"UPDATE \"{table}\" SET v = 'x' WHERE pk = 'a' AND sk = '2'")[0] == \
        "ConditionalCheckFailedException"
    assert refused(ddb, f"UPDATE \"{table}\" SET v = 'x' WHERE pk = 'a' AND sk = '1' AND "
                   "v = 'nope'")[0] == "ConditionalCheckFailedException"
    run(ddb, f"DELETE FROM \"{table}\" WHERE pk = 'a' AND sk = '1'")
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'v': 'again'}}")


def test_parameters_and_where_clause_forms(ddb, table):
    for i in range(10):
        run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': ?, 'sk': ?, 'n': ?, 'tag': ?}}",
            Parameters=[{"S": "p"}, {"S": f"{i:02d}"}, {"N": str(i)},
                        {"S": "even" if i % 2 == 0 else "odd"}])
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'p', 'sk': '99', 'z': null}}")

    def sks(where, **kwargs):
        r = run(ddb, f"SELECT sk FROM \"{table}\" WHERE {where}", **kwargs)
        return [it["sk"]["S"] for it in r["Items"]]

    assert sks("pk = 'p' AND sk > '07'") == ["08", "09", "99"]
    assert sks("pk = 'p' AND sk BETWEEN '02' AND '04'") == ["02", "03", "04"]
    assert sks("pk = 'p' AND begins_with(sk, '0')")[-1] == "09"
    assert sks("pk = 'p' AND n >= 7") == ["07", "08", "09"]
    assert sks("pk = 'p' AND n IN [1, 3, 99]") == ["01", "03"]
    assert sks("pk = 'p' AND (tag = 'odd' OR n = 0) AND NOT n > 4") == ["00", "01", "03"]
    assert sks("pk = 'p' AND n IS MISSING") == ["99"]
    assert sks("pk = 'p' AND z IS NULL") == ["99"]
    assert sks("pk = 'p' AND tag IS NOT MISSING AND tag <> 'odd' AND n < 3") == ["00", "02"]
    assert sks("pk = 'p' AND contains(tag, 've') AND size(tag) = 4 AND n = 8") == ["08"]
    assert sks("pk = 'p' AND attribute_type(n, 'N') AND n = ?", Parameters=[{"N": "5"}]) == ["05"]
    assert sks("pk = 'p' ORDER BY sk DESC")[:2] == ["99", "09"]
    # No partition fixed: a Scan with the WHERE clause as its filter.
    assert sorted(sks("n = 4 OR sk = '06'")) == ["04", "06"]


def test_limit_and_next_token_page_a_10000_item_partition_exactly_once(ddb, table):
    items = [{"pk": {"S": "big"}, "sk": {"S": f"{i:05d}"}, "v": {"N": str(i)}}
             for i in range(10000)]
    for start in range(0, len(items), 25):
        ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": it}}
                                                   for it in items[start:start + 25]]})
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"Limit": 700, **({"NextToken": token} if token else {})}
        r = run(ddb, f"SELECT sk FROM \"{table}\" WHERE pk = 'big'", **kwargs)
        seen += [it["sk"]["S"] for it in r["Items"]]
        pages += 1
        token = r.get("NextToken")
        if not token:
            break
    assert seen == [f"{i:05d}" for i in range(10000)]
    assert pages == 15
    with pytest.raises(ClientError) as e:
        run(ddb, f"SELECT sk FROM \"{table}\" WHERE pk = 'big'", NextToken="bm90IGEga2V5")
    assert error_of(e) == ("ValidationException", "Invalid NextToken")


def test_indexes_consistency_and_capacity(ddb, table):
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'g': 'grp'}}")
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'b', 'sk': '2', 'g': 'grp'}}")
    r = run(ddb, f"SELECT pk FROM \"{table}\".\"by-g\" WHERE g = 'grp'")
    assert [it["pk"]["S"] for it in r["Items"]] == ["a", "b"]
    r = run(ddb, f"SELECT * FROM \"{table}\" WHERE pk = 'a' AND sk = '1'", ConsistentRead=True,
            ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0}
    assert refused(ddb, f"SELECT * FROM \"{table}\".\"by-g\" WHERE g = 'grp'",
                   ConsistentRead=True) == (
        "ValidationException", "Strongly consistent read is not supported on Global Secondary "
        "Indexes")
    assert refused(ddb, f"SELECT * FROM \"{table}\".\"nope\" WHERE pk = 'a'") == (
        "ValidationException", "The table does not have the specified index")
    assert refused(ddb, f"SELECT * FROM \"{table}\".\"by-g\".\"x\" WHERE pk = 'a'") == (
        "ValidationException", "A path may contain at most 2 components in the FROM clause")
    assert refused(ddb, "SELECT * FROM \"\" WHERE pk = 'a'") == (
        "ValidationException", "Path component cannot be an empty string")


def test_writes_record_stream_records_as_the_api_calls_do(ddb, table):
    streams = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'v': 1}}")
    run(ddb, f"UPDATE \"{table}\" SET v = 2 WHERE pk = 'a' AND sk = '1'")
    run(ddb, f"DELETE FROM \"{table}\" WHERE pk = 'a' AND sk = '1'")
    client = ddb._endpoint.host
    import boto3
    s = boto3.client("dynamodbstreams", endpoint_url=client, region_name="us-east-1")
    shard = s.describe_stream(StreamArn=streams)["StreamDescription"]["Shards"][0]["ShardId"]
    it = s.get_shard_iterator(StreamArn=streams, ShardId=shard,
                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = s.get_records(ShardIterator=it)["Records"]
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    assert records[1]["dynamodb"]["OldImage"]["v"] == {"N": "1"}


@pytest.mark.parametrize("statement,message", [
    ("SELECTT * FROMM \"{t}\"", "Statement wasn't well formed, can't be processed: Unexpected "
     "token: SELECTT"),
    ("SELECT * FROM \"{t}", "Statement wasn't well formed, can't be processed: Unterminated quoted "
     "text"),
    ("UPDATE \"{t}\" SET v = 1 WHERE pk = 'a'",
     "Where clause does not contain a mandatory equality on all key attributes"),
    ("DELETE FROM \"{t}\" WHERE pk = 'a' AND sk = '1' RETURNING MODIFIED OLD *",
     "Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in "
     "DELETE statements."),
    ("DELETE FROM \"{t}\" WHERE pk = 'a' AND sk = '1' RETURNING ALL NEW *",
     "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in "
     "DELETE statements."),
    ("SELECT pk FROM \"{t}\" WHERE pk = 'x' AND val < true",
     "Incorrect operand type for operator or function; operator or function: <, operand type: "
     "BOOL"),
])
def test_statements_refused_with_dynamodbs_messages(ddb, table, statement, message):
    assert refused(ddb, statement.format(t=table)) == ("ValidationException", message)
    assert refused(ddb, "SELECT * FROM \"no-such-table\" WHERE pk = 'a'")[0] == \
        "ResourceNotFoundException"


def test_batch_execute_statement(ddb, table):
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'v': 1}}")
    r = ddb.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1'}}"},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'b', 'sk': '1', 'v': ?}}",
         "Parameters": [{"N": "2"}]},
        {"Statement": f"UPDATE \"{table}\" SET v = 3 WHERE pk = 'zz' AND sk = '1'"},
    ])["Responses"]
    assert r[0]["Error"] == {"Code": "DuplicateItem",
                             "Message": "Duplicate primary key exists in table"}
    assert "Error" not in r[1] and r[1]["TableName"] == table
    assert r[2]["Error"]["Code"] == "ConditionalCheckFailed"
    r = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT v FROM \"{table}\" WHERE pk = 'a' AND sk = '1'"},
        {"Statement": f"SELECT v FROM \"{table}\" WHERE pk = 'b' AND sk = '1'"},
        {"Statement": f"SELECT v FROM \"{table}\" WHERE pk = 'none' AND sk = '1'"},
        {"Statement": f"SELECT v FROM \"{table}\" WHERE pk = 'a'"},
    ])["Responses"]
    assert [x.get("Item") for x in r[:3]] == [{"v": {"N": "1"}}, {"v": {"N": "2"}}, None]
    assert r[3]["Error"]["Code"] == "ValidationError"
    with pytest.raises(ClientError) as e:
        ddb.batch_execute_statement(Statements=[
            {"Statement": f"SELECT v FROM \"{table}\" WHERE pk = 'a' AND sk = '1'"},
            {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'a' AND sk = '1'"}])
    assert error_of(e)[0] == "ValidationException"


def test_execute_transaction_is_atomic(ddb, table):
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'v': 1}}")
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'c', 'sk': '1'}}")
    with pytest.raises(ClientError) as e:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": f"UPDATE \"{table}\" SET v = 2 WHERE pk = 'a' AND sk = '1'"},
            {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'c', 'sk': '1'}}"}])
    assert error_of(e)[0] == "TransactionCanceledException"
    assert [r["Code"] for r in e.value.response["CancellationReasons"]] == ["None", "DuplicateItem"]
    assert run(ddb, f"SELECT v FROM \"{table}\" WHERE pk = 'a' AND sk = '1'")["Items"] == [
        {"v": {"N": "1"}}]
    statements = [
        {"Statement": f"UPDATE \"{table}\" SET v = 2 WHERE pk = 'a' AND sk = '1'"},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'b', 'sk': '1'}}"}]
    # A transaction of writes answers an empty Responses list, not none (writeResponses.test.ts).
    assert ddb.execute_transaction(TransactStatements=statements,
                                   ClientRequestToken="tok-1")["Responses"] == []
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken="tok-1")  # idempotent
    r = ddb.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT v FROM \"{table}\" WHERE pk = 'a' AND sk = '1'"},
        {"Statement": f"SELECT * FROM \"{table}\" WHERE pk = 'b' AND sk = '1'"}])
    assert r["Responses"] == [{"Item": {"v": {"N": "2"}}},
                              {"Item": {"pk": {"S": "b"}, "sk": {"S": "1"}}}]
    for statement, message in [
        (f"UPDATE \"{table}\" SET v = 3 WHERE pk = 'a' AND sk = '1' RETURNING ALL NEW *",
         "Validation failed in TransactStatements[0]: RETURNING clause is not supported in "
         "ExecuteTransaction."),
        (f"SELECT * FROM \"{table}\".\"by-g\" WHERE g = 'x'",
         "Validation failed in TransactStatements[0]: Reads on indices are not supported within "
         "transactions."),
    ]:
        with pytest.raises(ClientError) as e:
            ddb.execute_transaction(TransactStatements=[{"Statement": statement}])
        assert error_of(e) == ("ValidationException", message)


def test_aws_cli_execute_statement(server, ddb, table):
    def cli(*args):
        out = subprocess.run(["aws", "dynamodb", *args, "--endpoint-url", server.endpoint,
                              "--output", "json"], capture_output=True, text=True, check=True,
                             env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
                                  "AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin"})
        return json.loads(out.stdout or "{}")

    cli("execute-statement", "--statement",
        f"INSERT INTO \"{table}\" VALUE {{'pk': 'cli', 'sk': '1', 'v': 'hello'}}")
    r = cli("execute-statement", "--statement", f"SELECT v FROM \"{table}\" WHERE pk = ?",
            "--parameters", '[{"S": "cli"}]')
    assert r["Items"] == [{"v": {"S": "hello"}}]


def test_parameters_of_every_type(ddb, table):
    values = {"s": {"S": "x"}, "n": {"N": "-1.5"}, "b": {"B": b"\x00\xff"},
              "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}, "bs": {"BS": [b"\x01", b"\x02"]},
              "m": {"M": {"k": {"S": "v"}}}, "l": {"L": [{"N": "1"}, {"S": "two"}]},
              "t": {"BOOL": True}, "z": {"NULL": True}}
    names = ", ".join(f"'{name}': ?" for name in values)
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': ?, 'sk': ?, {names}}}",
        Parameters=[{"S": "typed"}, {"S": "1"}, *values.values()])
    r = run(ddb, f"SELECT * FROM \"{table}\" WHERE pk = ? AND sk = ?",
            Parameters=[{"S": "typed"}, {"S": "1"}])
    assert r["Items"] == [{"pk": {"S": "typed"}, "sk": {"S": "1"}, **values}]
    for name, value in values.items():
        if name in ("z", "m", "l", "ss", "ns", "bs", "t"):
            continue  # no ordering or equality in the key condition for these
        r = run(ddb, f"SELECT pk FROM \"{table}\" WHERE pk = 'typed' AND {name} = ?",
                Parameters=[value])
        assert len(r["Items"]) == 1, name
    with pytest.raises(ClientError) as e:
        run(ddb, f"SELECT * FROM \"{table}\" WHERE pk = ?", Parameters=[{"S": "a"}, {"S": "b"}])
    assert error_of(e) == ("ValidationException", "Number of parameters in request and statement "
                           "don't match.")


def test_exists_is_a_transactions_condition_check(ddb, table):
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'v': 1}}")
    check = f"EXISTS(SELECT * FROM \"{table}\" WHERE pk = 'a' AND sk = '1' AND v = ?)"
    ddb.execute_transaction(TransactStatements=[
        {"Statement": check, "Parameters": [{"N": "1"}]},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'b', 'sk': '1'}}"}])
    with pytest.raises(ClientError) as e:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": check, "Parameters": [{"N": "2"}]},
            {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'c', 'sk': '1'}}"}])
    assert [r["Code"] for r in e.value.response["CancellationReasons"]] == [
        "ConditionalCheckFailed", "None"]
    assert run(ddb, f"SELECT * FROM \"{table}\" WHERE pk = 'c' AND sk = '1'")["Items"] == []
    assert refused(ddb, check, Parameters=[{"N": "1"}]) == (
        "ValidationException", "EXISTS is only supported within ExecuteTransaction")


def test_where_takes_attribute_exists_and_is_a_type_as_dynamodb_does(ddb, table):
    # eu-west-2 and three more regions, October 2026 (paritysuite/dynamodb-conformance,
    # tier2/partiql/whereFunctions.test.ts and tier3/error-messages/partiqlFunctions.test.ts).
    run(ddb, f"""INSERT INTO "{table}" VALUE {{'pk': 'f', 'sk': '1', 'ss': <<'a', 'b'>>,
                 's': 'str', 'm': {{'sub': 'x'}}, 'flag': true}}""")
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'w', 'sk': '1', 'a': 5}}")
    key = f"SELECT pk FROM \"{table}\" WHERE pk = 'f' AND sk = '1' AND "
    for condition, found in [
            ("attribute_exists(ss)", True), ("attribute_exists(nope)", False),
            ("attribute_not_exists(nope)", True), ("NOT attribute_exists(ss)", False),
            ("ATTRIBUTE_EXISTS(ss)", True),
            ("(attribute_exists(nope) OR attribute_exists(ss))", True),
            ("attribute_exists(ss) = true", True), ("attribute_exists(ss) = false", False),
            ('attribute_exists("ss")', True), ("attribute_exists(m.sub)", True),
            ("attribute_exists(m.nope)", False), ("flag IS BOOL", True), ("s IS STRING", True),
            ("s IS BOOL", False), ("s IS NOT BOOL", True)]:
        assert run(ddb, key + condition)["Items"] == ([{"pk": {"S": "f"}}] if found else []), \
            condition
    # On a write, the condition of the write.
    where_w = "WHERE pk = 'w' AND sk = '1'"
    run(ddb, f"UPDATE \"{table}\" SET z = 1 {where_w} AND attribute_exists(a)")
    assert refused(ddb, f"UPDATE \"{table}\" SET z = 2 {where_w} AND attribute_exists(nope)")[0] \
        == "ConditionalCheckFailedException"
    assert refused(ddb, f"DELETE FROM \"{table}\" {where_w} AND attribute_not_exists(a)")[0] \
        == "ConditionalCheckFailedException"
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "w"}, "sk": {"S": "1"}})["Item"]["z"] \
        == {"N": "1"}
    # What is refused, and in which words.
    for condition, message in [
            ("attribute_exists('ss')",
             "Operator or function requires a document path; operator or function: "
             "attribute_exists"),
            ("attribute_not_exists()",
             "Incorrect number of operands for operator or function; operator or function: "
             "attribute_not_exists, number of operands: 0"),
            ("attribute_exists(ss, s)",
             "Incorrect number of operands for operator or function; operator or function: "
             "attribute_exists, number of operands: 2")]:
        assert refused(ddb, key + condition) == ("ValidationException", message)
    with pytest.raises(ClientError) as e:
        ddb.execute_transaction(TransactStatements=[{"Statement": key + "attribute_exists(ss)"}])
    assert error_of(e) == (
        "ValidationException", "Validation failed in TransactStatements[0]: Select statements "
        "within ExecuteTransaction must specify the primary key in the where clause.")
    answer = ddb.batch_execute_statement(Statements=[{"Statement": key + "attribute_exists(ss)"}])
    assert answer["Responses"][0]["Error"] == {
        "Code": "ValidationError", "Message": "Select statements within BatchExecuteStatement "
        "must specify the primary key in the where clause."}


def test_an_empty_or_repeating_set_literal_is_refused_as_the_statement_is_read(ddb, table):
    # eu-west-2, October 2026 (paritysuite/dynamodb-conformance,
    # tier3/error-messages/partiqlFunctions.test.ts): the members listed as written.
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 's', 'sk': '1', 'ss': <<'a'>>}}")
    update = f"UPDATE \"{table}\" SET ss = set_add(ss, {{}}) WHERE pk = 's' AND sk = '1'"
    assert refused(ddb, update.format("<<'x', 'x'>>")) == (
        "ValidationException",
        "One or more parameter values were invalid: Input collection [x, x] contains duplicates.")
    assert refused(ddb, update.format("<<>>")) == ("ValidationException",
                                                   "Empty bags are not supported")
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "s"}, "sk": {"S": "1"}})["Item"]["ss"] \
        == {"SS": ["a"]}


def test_misplaced_functions_are_refused_where_they_stand_in_the_statement(ddb, table):
    # The message names the place, <line>:<column>:<length> of the token, as DynamoDB does
    # (eu-west-2, October 2026: paritysuite/dynamodb-conformance,
    # tier3/error-messages/partiqlFunctions.test.ts).
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'p', 'sk': '1', 'ss': <<'a'>>}}")

    def at(statement, token, start=0):
        return f" at 1:{statement.index(token, start) + 1}:{len(token)}"

    where = f"SELECT * FROM \"{table}\" WHERE pk = 'p' AND sk = '1' AND "
    update = f"UPDATE \"{table}\" SET {{}} WHERE pk = 'p' AND sk = '1'"
    for statement, message in [
            (where + "EXISTS(ss)", "Unrecognized function: exists"),
            (where + "set_add(ss, <<'x'>>) = ss", "Unrecognized function: set_add"),
            (update.format("t = set_add(ss, <<'x'>>)"),
             "The first argument to SET_ADD must equal the assignment value"),
            (update.format("ss = set_add(ss)"), "SET_ADD must have exactly two arguments"),
            (update.format("ss = set_delete(ss, <<'a'>>, <<'b'>>)"),
             "SET_DELETE must have exactly two arguments")]:
        token = "EXISTS" if "EXISTS" in statement else (
            "set_delete" if "set_delete" in statement else "set_add")
        assert refused(ddb, statement) == ("ValidationException",
                                           message + at(statement, token)), statement
    statement = update.format("ss = set_add(ss, ['x'])")
    assert refused(ddb, statement) == (
        "ValidationException", "The second argument to SET_ADD must be a value with type SET" +
        at(statement, "ss", statement.index("set_add(")))
    projection = f"SELECT attribute_exists(ss) FROM \"{table}\" WHERE pk = 'p' AND sk = '1'"
    assert refused(ddb, projection) == (
        "ValidationException", "Unexpected path component" + at(projection, "attribute_exists"))
    with pytest.raises(ClientError) as e:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": f"EXISTS(SELECT * FROM \"{table}\" WHERE pk = 'p' AND sk = '1')"},
            {"Statement": f"UPDATE \"{table}\" SET z = 1 WHERE pk = 'p' AND sk = '1'"}])
    assert error_of(e) == ("ValidationException", "Validation failed in TransactStatements[0]: "
                           "EXISTS() must contain a single item read with additional condition")
    # Lines count from 1 too (the captures are all of one line; the column restarts on each).
    multiline = f"SELECT *\nFROM \"{table}\"\nWHERE pk = 'p' AND  nope(ss)"
    assert refused(ddb, multiline) == ("ValidationException",
                                       "Unrecognized function: nope at 3:21:4")
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"S": "1"}})["Item"]["ss"] \
        == {"SS": ["a"]}


def test_a_function_in_an_insert_value_is_refused_naming_it_and_its_place(ddb, table):
    # DynamoDB says "key root" however deep the call stands (eu-west-2, October 2026:
    # paritysuite/dynamodb-conformance, tier3/error-messages/partiqlFunctions.test.ts).
    for value in ("set_add(<<'a'>>, <<'b'>>)", "[1, {'m': SET_ADD(<<'a'>>, <<'b'>>)}]"):
        statement = f"INSERT INTO \"{table}\" VALUE {{'pk': 'f', 'sk': '1', 'v': {value}}}"
        column = statement.lower().index("set_add") + 1
        assert refused(ddb, statement) == (
            "ValidationException",
            f"Unsupported data type: set_add under key root at 1:{column}:7"), statement
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "f"}, "sk": {"S": "1"}})


def test_a_keyword_after_a_dot_is_refused_and_a_quoted_one_is_a_name(ddb, table):
    # PartiQL reads INNER, VALUE, DATE, ... as keywords: after a dot DynamoDB takes a name or a
    # quoted name only (eu-west-2, October 2026: paritysuite/dynamodb-conformance,
    # tier3/error-messages/partiqlFunctions.test.ts).
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'k', 'sk': '1', 'm': {{'inner': <<'x'>>, "
             f"'value': 1, 'old': 2}}}}")
    where = f"SELECT * FROM \"{table}\" WHERE pk = 'k' AND sk = '1' AND "
    update = f"UPDATE \"{table}\" SET {{}} WHERE pk = 'k' AND sk = '1'"
    for statement in (where + "attribute_exists(m.inner)", where + "m.Value = 1",
                      update.format("m.inner = set_add(m.inner, <<'y'>>)"),
                      f"SELECT m.inner FROM \"{table}\" WHERE pk = 'k' AND sk = '1'"):
        assert refused(ddb, statement) == (
            "ValidationException",
            "Statement wasn't well formed, can't be processed: Invalid path dot component"), \
            statement
    assert run(ddb, where + 'attribute_exists(m."inner") AND m."value" = 1')["Items"]
    # A word PartiQL made a keyword only later stays a name.
    assert run(ddb, where + "m.old = 2")["Items"]
    run(ddb, update.format("m.\"inner\" = set_add(m.\"inner\", <<'y'>>)"))
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "k"}, "sk": {"S": "1"}})["Item"]["m"][
        "M"]["inner"] == {"SS": ["x", "y"]}


def test_one_statement_sent_again_with_new_parameters_reads_each_time_what_they_name(ddb, table):
    # The server keeps the tokens of the statements it read last: what a statement selects must
    # still come from each request's own parameters, and a statement that cannot be read must
    # be refused every time it is sent, not only the first.
    for i in range(20):
        ddb.put_item(TableName=table, Item={"pk": {"S": f"p{i}"}, "sk": {"S": "s"},
                                            "v": {"N": str(i)}})
    select = f'SELECT v FROM "{table}" WHERE pk = ? AND sk = ?'
    for i in (3, 17, 3, 0, 19):
        r = run(ddb, select, Parameters=[{"S": f"p{i}"}, {"S": "s"}])
        assert r["Items"] == [{"v": {"N": str(i)}}]
    assert run(ddb, select, Parameters=[{"S": "absent"}, {"S": "s"}])["Items"] == []
    # More distinct statements than the server keeps, then the first one again.
    for i in range(40):
        assert run(ddb, f'SELECT v FROM "{table}" WHERE pk = \'p{i % 20}\' AND sk = \'s\'')[
            "Items"] == [{"v": {"N": str(i % 20)}}]
    assert run(ddb, select, Parameters=[{"S": "p5"}, {"S": "s"}])["Items"] == [{"v": {"N": "5"}}]
    bad = f'SELECT v FROM "{table}" WHERE pk = \'unterminated'
    first = refused(ddb, bad)
    assert first[0] == "ValidationException"
    assert refused(ddb, bad) == first


def test_a_kept_statement_is_bound_to_each_requests_parameters_and_its_tables_key(ddb):
    # The server keeps statements compiled for any parameters: each request's values must land
    # where its own `?` stand, a statement sent with the wrong number of them is refused as
    # before, a value whose type the statement checks is checked each time, and a table
    # recreated under the same name with another key is planned for anew.
    name = unique_name("partiql-kept")
    create_table(ddb, name)
    try:
        insert = f"INSERT INTO \"{name}\" VALUE {{'pk': ?, 'sk': ?, 'tags': ?}}"
        for i in range(3):
            run(ddb, insert, Parameters=[{"S": f"p{i}"}, {"S": "s"}, {"SS": [f"t{i}"]}])
        update = f'UPDATE "{name}" SET tags = set_add(tags, ?) WHERE pk = ? AND sk = ?'
        run(ddb, update, Parameters=[{"SS": ["x"]}, {"S": "p1"}, {"S": "s"}])
        at = update.index("set_add(tags") + len("set_add(") + 1  # placed at the first argument
        assert refused(ddb, update, Parameters=[{"S": "x"}, {"S": "p1"}, {"S": "s"}]) == (
            "ValidationException", "The second argument to SET_ADD must be a value with type SET"
            f" at 1:{at}:4")
        value = f'INSERT INTO "{name}" VALUE ?'
        run(ddb, value, Parameters=[{"M": {"pk": {"S": "p9"}, "sk": {"S": "s"}}}])
        assert refused(ddb, value, Parameters=[{"S": "p9"}]) == (
            "ValidationException",
            "Statement wasn't well formed, can't be processed: VALUE must be a tuple")
        select = f'SELECT tags FROM "{name}" WHERE pk = ? AND sk = ?'
        for i, tags in ((1, ["t1", "x"]), (0, ["t0"]), (2, ["t2"]), (1, ["t1", "x"])):
            items = run(ddb, select, Parameters=[{"S": f"p{i}"}, {"S": "s"}])["Items"]
            assert items == [{"tags": {"SS": tags}}]
        # A string literal holding the byte the kept statements mark parameters with.
        marked = f'SELECT tags FROM "{name}" WHERE pk = ? AND sk = ? AND note <> \'a\x01b\''
        for i in (0, 2, 0):
            assert run(ddb, marked, Parameters=[{"S": f"p{i}"}, {"S": "s"}])["Items"] == [
                {"tags": {"SS": [f"t{i}"]}}]
        count = ("ValidationException",
                 "Number of parameters in request and statement don't match.")
        assert refused(ddb, select, Parameters=[{"S": "p1"}]) == count
        assert refused(ddb, select, Parameters=[{"S": "p1"}, {"S": "s"}, {"S": "x"}]) == count
        assert refused(ddb, select) == count
        # The same name, now keyed by pk alone: the statement is a Query with a filter now, no
        # longer a GetItem of a (pk, sk) key.
        ddb.delete_table(TableName=name)
        create_table(ddb, name, key=(("pk", "S"),))
        ddb.put_item(TableName=name, Item={"pk": {"S": "p1"}, "sk": {"S": "s"},
                                           "tags": {"SS": ["new"]}})
        items = run(ddb, select, Parameters=[{"S": "p1"}, {"S": "s"}])["Items"]
        assert items == [{"tags": {"SS": ["new"]}}]
    finally:
        ddb.delete_table(TableName=name)


def test_kept_insert_value_and_set_add_statements_bind_each_requests_map_and_set(ddb, table):
    # INSERT ... VALUE ? and set_add(s, ?) are kept compiled for parameters of their shape (a
    # map, a set): each request's own map and set must be written, a value of another shape
    # refused every time it comes, and the shape that fits taken again after it.
    value = f'INSERT INTO "{table}" VALUE ?'
    items = [{"pk": {"S": f"v{i}"}, "sk": {"S": "s"}, "n": {"N": str(i)},
              "m": {"M": {"deep": {"L": [{"S": f"x{i}"}, {"BOOL": i % 2 == 0}]}}}}
             for i in range(3)]
    for item in items:
        run(ddb, value, Parameters=[{"M": item}])
    for item in items:
        assert ddb.get_item(TableName=table, Key={"pk": item["pk"], "sk": item["sk"]})[
            "Item"] == item
    tuple_refusal = ("ValidationException",
                     "Statement wasn't well formed, can't be processed: VALUE must be a tuple")
    for wrong in ({"S": "v0"}, {"L": [{"M": items[0]}]}, {"SS": ["v0"]}):
        assert refused(ddb, value, Parameters=[wrong]) == tuple_refusal
    assert refused(ddb, value, Parameters=[{"M": items[1]}])[0] == "DuplicateItemException"
    assert refused(ddb, value, Parameters=[{"M": {"pk": {"S": "v7"}}}]) == (
        "ValidationException",
        "One or more parameter values were invalid: Missing the key sk in the item")
    run(ddb, value, Parameters=[{"M": {"pk": {"S": "v7"}, "sk": {"S": "s"}}}])
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "v7"}, "sk": {"S": "s"}})["Item"] == {
        "pk": {"S": "v7"}, "sk": {"S": "s"}}

    add = f'UPDATE "{table}" SET tags = set_add(tags, ?) WHERE pk = ? AND sk = ?'
    key = [{"S": "v0"}, {"S": "s"}]
    run(ddb, add, Parameters=[{"SS": ["a"]}, *key])
    run(ddb, add, Parameters=[{"SS": ["b", "c"]}, *key])
    at = add.index("set_add(tags") + len("set_add(") + 1
    set_refusal = ("ValidationException",
                   f"The second argument to SET_ADD must be a value with type SET at 1:{at}:4")
    for wrong in ({"S": "d"}, {"L": [{"S": "d"}]}, {"M": {"d": {"S": "d"}}}):
        assert refused(ddb, add, Parameters=[wrong, *key]) == set_refusal
    run(ddb, add, Parameters=[{"SS": ["d"]}, *key])
    got = ddb.get_item(TableName=table, Key={"pk": key[0], "sk": key[1]})["Item"]["tags"]
    assert sorted(got["SS"]) == ["a", "b", "c", "d"]
    numbers = f'UPDATE "{table}" SET nums = set_add(nums, ?) WHERE pk = ? AND sk = ?'
    for values in (["1"], ["2", "3"]):
        run(ddb, numbers, Parameters=[{"NS": values}, {"S": "v1"}, {"S": "s"}])
    got = ddb.get_item(TableName=table, Key={"pk": {"S": "v1"}, "sk": {"S": "s"}})["Item"]
    assert sorted(got["nums"]["NS"]) == ["1", "2", "3"]


def test_a_list_index_that_is_not_a_whole_number_is_refused_as_a_malformed_statement(ddb, table):
    for index in ("1.5", ".0", "1e3"):
        assert refused(ddb, f'SELECT * FROM "{table}" WHERE a[{index}] = 1') == (
            "ValidationException",
            f"Statement wasn't well formed, can't be processed: Unexpected token: {index}")
    # Past any list: no error, nothing matches.
    run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'x', 'sk': 'y', 'a': [1]}}")
    assert run(ddb, f'SELECT * FROM "{table}" WHERE pk = \'x\' AND a[99999999999] = 1')[
        "Items"] == []
