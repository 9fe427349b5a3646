"""`cruddur ddb ...` against ddb-server, signed with SigV4 through the app's own AWS client."""
import json
from datetime import datetime

import boto3
import pytest

from conftest import DEMO_GROUP as GROUP, Server, StandIn, cruddur, free_port


@pytest.fixture(scope="module")
def signed_server(tmp_path_factory):
    keys = tmp_path_factory.mktemp("keys") / "keys"
    keys.write_text("AKIDAPP secret-app\n")
    server = Server(extra_args=["--auth", str(keys)]).start()
    yield server
    server.stop()


def test_schema_load_list_scan_drop(signed_server):
    endpoint = ["--ddb-endpoint", signed_server.endpoint]
    r = cruddur("ddb", "schema-load", *endpoint)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "created table cruddur-messages (ACTIVE)\n"
    r = cruddur(*endpoint, "ddb", "list-tables", "--json")  # options before the subcommand too
    assert "cruddur-messages" in json.loads(r.stdout)["TableNames"]
    client = boto3.client("dynamodb", endpoint_url=signed_server.endpoint, region_name="eu-west-1",
                          aws_access_key_id="AKIDAPP", aws_secret_access_key="secret-app")
    description = client.describe_table(TableName="cruddur-messages")["Table"]
    assert description["GlobalSecondaryIndexes"][0]["IndexName"] == "message-group-sk-index"
    assert description["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE"
    for i in range(3):
        client.put_item(TableName="cruddur-messages", Item={
            "pk": {"S": "MSG#g"}, "sk": {"S": f"2026-11-25T22:11:2{i}.000000+00:00"},
            "message": {"S": f"hello {i}"}, "user_handle": {"S": "andrewbrown"}})
    r = cruddur("ddb", "scan", *endpoint)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[-1] == "3 items"
    assert all(line.startswith("MSG#g  2026-11-25T22:11:2") for line in lines[:3])
    assert "message=hello 0" in r.stdout
    r = cruddur("ddb", "scan", "--json", *endpoint)
    assert len(json.loads(r.stdout)) == 3
    r = cruddur("ddb", "drop", "cruddur-messages", *endpoint)
    assert r.stdout == "deleted table cruddur-messages\n"


@pytest.mark.parametrize("args,key,secret,expected", [
    (["ddb", "list-tables"], "AKIDNOBODY", "x",
     "cruddur: UnrecognizedClientException: The security token included in the request is "
     "invalid.\n"),
    (["ddb", "list-tables"], "AKIDAPP", "wrong",
     "cruddur: InvalidSignatureException: The request signature we calculated does not match the "
     "signature you provided. Check your AWS Secret Access Key and signing method. Consult the "
     "service documentation for details.\n"),
    (["ddb", "scan", "--table", "no-such-table"], "AKIDAPP", "secret-app",
     'cruddur: table "no-such-table" does not exist at {endpoint}\n'),
    (["ddb", "drop", "no-such-table"], "AKIDAPP", "secret-app",
     'cruddur: table "no-such-table" does not exist at {endpoint}\n'),
])
def test_errors_are_one_clear_line(signed_server, args, key, secret, expected):
    r = cruddur(*args, "--ddb-endpoint", signed_server.endpoint, key=key, secret=secret)
    assert r.returncode != 0
    assert r.stderr == expected.format(endpoint=signed_server.endpoint) and r.stdout == ""


@pytest.mark.parametrize("args,message", [
    (["frobnicate"], 'unknown command "frobnicate" (commands: ddb, db, dev-token, serve, '
     "stream-worker, lambda)"),
    (["--table", "t", "frobnicate"], 'unknown command "frobnicate"'),
    (["ddb", "frobnicate"], 'unknown command "frobnicate" (commands: schema-load, list-tables, '
     "drop, scan, seed, get-conversation, list-conversations)"),
    (["db", "--data-dir=x", "nope"], 'unknown command "nope" (commands: setup, seed, '
     "update-cognito-user-ids)"),
])
def test_an_unknown_command_is_named_with_the_commands_there_are(args, message):
    r = cruddur(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("cruddur: " + message)


@pytest.mark.parametrize("status,content_type,body", [
    (200, "text/html", b"<html>hello</html>"),
    (404, "text/plain", b"not found"),
    (405, "application/json", b'{"error": "method not allowed"}'),
])
def test_an_endpoint_that_is_not_dynamodb_is_named_as_such(status, content_type, body):
    with StandIn(lambda *_: (status, {"Content-Type": content_type}, body)) as server:
        endpoint = server.endpoint
        r = cruddur("ddb", "list-tables", "--ddb-endpoint", endpoint)
        assert r.returncode == 1 and r.stdout == ""
        assert r.stderr.startswith(f"cruddur: NotDynamoDB: {endpoint} is not a DynamoDB endpoint: "
                                   f"it answered HTTP {status}")


def test_unreachable_endpoint(tmp_path):
    port = free_port()
    r = cruddur("ddb", "list-tables", "--ddb-endpoint", f"http://127.0.0.1:{port}")
    assert r.returncode != 0
    assert r.stderr.startswith(f"cruddur: NetworkError: cannot reach http://127.0.0.1:{port}")
    assert r.stderr.count("\n") == 1


def test_credentials_come_from_a_profile(signed_server, tmp_path):
    (tmp_path / "credentials").write_text(
        "[default]\naws_access_key_id = nobody\naws_secret_access_key = x\n\n"
        "[app]\naws_access_key_id = AKIDAPP\naws_secret_access_key = secret-app\n")
    env = {"AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"), "AWS_PROFILE": "app"}
    r = cruddur("ddb", "list-tables", "--ddb-endpoint", signed_server.endpoint, key="", secret="",
                extra_env=env)
    assert r.returncode == 0, r.stderr


def test_seed_then_get_and_list_conversations(tmp_path):
    server = Server().start()
    try:
        common = ["--ddb-endpoint", server.endpoint, "--data-dir", str(tmp_path / "app")]
        r = cruddur("db", "setup", *common)
        assert r.returncode == 0, r.stderr
        assert [line.split()[0] for line in r.stdout.splitlines()] == ["andrewbrown", "bayko",
                                                                        "londo"]
        assert cruddur("ddb", "schema-load", *common).returncode == 0
        r = cruddur("ddb", "seed", *common)
        assert r.returncode == 0, r.stderr
        assert "100 messages" in r.stdout
        r = cruddur("ddb", "get-conversation", *common, extra_env={"TZ": "UTC"})
        lines = r.stdout.splitlines()
        assert len(lines) == 20
        assert [line.split()[0] for line in lines] == ["andrewbrown", "bayko"] * 10
        # Printed on a 12-hour clock, so compared as times, not as text (12:59 PM < 01:00 PM).
        times = [datetime.strptime(line[12:34].strip(), "%Y-%m-%d %I:%M %p") for line in lines]
        assert times == sorted(times)  # oldest to newest
        assert lines[-1].endswith("Deal. Friday night?")
        r = cruddur("ddb", "list-conversations", "bayko", *common)
        (row,) = r.stdout.splitlines()
        assert row.startswith("@andrewbrown") and "Deal. Friday night?" in row
        assert row.endswith("5ae290ed-55d1-47a0-bc6d-fe2bc2700399")
        # Only the two inbox rows carry the group, so the GSI holds exactly them.
        client = server.client()
        members = client.query(TableName="cruddur-messages", IndexName="message-group-sk-index",
                               KeyConditionExpression="message_group_uuid = :g",
                               ExpressionAttributeValues={
                                   ":g": {"S": "5ae290ed-55d1-47a0-bc6d-fe2bc2700399"}})["Items"]
        assert sorted(m["user_handle"]["S"] for m in members) == ["andrewbrown", "bayko"]
        r = cruddur("ddb", "list-conversations", "nobody", *common)
        assert r.returncode != 0
        assert r.stderr == "cruddur: unknown handle @nobody (try: cruddur db setup)\n"
    finally:
        server.stop()


def test_users_in_postgresql_behave_as_in_sqlite(postgres, tmp_path):
    server = Server().start()
    try:
        env = {"CONNECTION_URL": postgres.url}
        common = ["--ddb-endpoint", server.endpoint, "--data-dir", str(tmp_path / "unused")]
        r = cruddur("db", "setup", *common, extra_env=env)
        assert r.returncode == 0, r.stderr
        assert postgres.psql("SELECT handle FROM users ORDER BY handle").split() == [
            "andrewbrown", "bayko", "londo"]
        assert not (tmp_path / "unused").exists()  # nothing went to SQLite
        assert cruddur("ddb", "schema-load", *common, extra_env=env).returncode == 0
        assert cruddur("ddb", "seed", *common, extra_env=env).returncode == 0
        r = cruddur("ddb", "list-conversations", "andrewbrown", *common, extra_env=env)
        assert r.stdout.startswith("@bayko"), r.stderr
        r = cruddur("db", "seed", *common, extra_env=env)  # idempotent
        assert postgres.psql("SELECT count(*) FROM users").strip() == "3"
    finally:
        server.stop()


def test_bad_connection_url_is_one_line(tmp_path):
    port = free_port()
    r = cruddur("db", "setup", extra_env={"CONNECTION_URL": f"postgresql://nobody@127.0.0.1:{port}/x"})
    assert r.returncode != 0
    assert r.stderr.startswith("cruddur: cannot connect to PostgreSQL (CONNECTION_URL): ")
    assert r.stderr.count("\n") == 1


class FlakyEndpoint:
    """An HTTP endpoint that answers the first `failures` requests with `error` (status, __type),
    then a successful ListTables."""

    def __init__(self, failures, error):
        self.requests = 0

        def answer(method, path, headers, body):
            self.requests += 1
            status, kind = error if self.requests <= failures else (200, None)
            body = (json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{kind}",
                                "message": "slow down"}) if kind
                    else json.dumps({"TableNames": ["flaky"]})).encode()
            return status, {"Content-Type": "application/x-amz-json-1.0"}, body

        self.server = StandIn(answer)

    @property
    def endpoint(self):
        return self.server.endpoint

    def close(self):
        self.server.close()


@pytest.mark.parametrize("error", [(400, "ThrottlingException"), (500, "InternalServerError"),
                                   (400, "ProvisionedThroughputExceededException")])
def test_client_retries_throttling_and_server_errors(tmp_path, error):
    endpoint = FlakyEndpoint(failures=3, error=error)
    try:
        r = cruddur("ddb", "list-tables", "--ddb-endpoint", endpoint.endpoint, "--data-dir",
                    str(tmp_path))
        assert r.returncode == 0, r.stderr
        assert r.stdout == "flaky\n" and endpoint.requests == 4
    finally:
        endpoint.close()


def test_client_gives_up_after_its_attempts_and_never_retries_client_errors(tmp_path):
    endpoint = FlakyEndpoint(failures=100, error=(400, "ThrottlingException"))
    try:
        r = cruddur("ddb", "list-tables", "--ddb-endpoint", endpoint.endpoint, "--data-dir",
                    str(tmp_path))
        assert r.returncode != 0 and endpoint.requests == 4
        assert r.stderr == "cruddur: ThrottlingException: slow down\n"
    finally:
        endpoint.close()
    endpoint = FlakyEndpoint(failures=100, error=(400, "ValidationException"))
    try:
        r = cruddur("ddb", "list-tables", "--ddb-endpoint", endpoint.endpoint, "--data-dir",
                    str(tmp_path))
        assert r.returncode != 0 and endpoint.requests == 1
    finally:
        endpoint.close()


def test_update_cognito_user_ids_from_a_user_pool(tmp_path):
    """A stand-in for Cognito's ListUsers (two pages), called with a signed JSON 1.1 request."""
    pages = [
        {"Users": [{"Attributes": [{"Name": "sub", "Value": "sub-andrew"},
                                   {"Name": "preferred_username", "Value": "andrewbrown"}]}],
         "PaginationToken": "page-2"},
        {"Users": [{"Attributes": [{"Name": "preferred_username", "Value": "bayko"},
                                   {"Name": "sub", "Value": "sub-bayko"}]},
                   {"Attributes": [{"Name": "preferred_username", "Value": "stranger"},
                                   {"Name": "sub", "Value": "sub-stranger"}]}]},
    ]
    seen = []

    def cognito(method, path, headers, body):
        request = json.loads(body)
        seen.append((headers["X-Amz-Target"], headers["Content-Type"],
                     "/cognito-idp/aws4_request" in headers["Authorization"], request))
        return 200, {}, json.dumps(pages[1 if request.get("PaginationToken") else 0]).encode()

    server = StandIn(cognito)
    try:
        data = ["--data-dir", str(tmp_path)]
        assert cruddur("db", "setup", *data).returncode == 0
        r = cruddur("db", "update-cognito-user-ids", "--user-pool-id", "pool-1",
                    "--cognito-endpoint", server.endpoint, *data)
        assert r.returncode == 0, r.stderr
        assert r.stdout.splitlines() == ["andrewbrown  sub-andrew", "bayko  sub-bayko",
                                         "2 users updated"]
        assert [s[0] for s in seen] == ["AWSCognitoIdentityProviderService.ListUsers"] * 2
        assert all(s[1] == "application/x-amz-json-1.1" and s[2] for s in seen)
        assert seen[0][3] == {"UserPoolId": "pool-1"}
        import sqlite3
        rows = dict(sqlite3.connect(tmp_path / "users.sqlite3").execute(
            "SELECT handle, cognito_user_id FROM users").fetchall())
        assert rows["andrewbrown"] == "sub-andrew" and rows["londo"] == "mock-cognito-londo"
    finally:
        server.close()
    r = cruddur("db", "update-cognito-user-ids", "--data-dir", str(tmp_path))
    assert r.returncode != 0 and r.stderr == "cruddur: no user pool: give --user-pool-id\n"


def test_dev_token_names_the_user(tmp_path):
    import base64
    data = ["--data-dir", str(tmp_path)]
    assert cruddur("db", "setup", *data).returncode == 0
    r = cruddur("dev-token", "andrewbrown", *data)
    assert r.returncode == 0, r.stderr
    header, payload, signature = r.stdout.strip().split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    assert decode(header) == {"alg": "RS256", "kid": "cruddur-dev-key"}
    claims = decode(payload)
    assert claims["sub"] == "mock-cognito-andrewbrown" and claims["token_use"] == "access"
    assert claims["exp"] - claims["iat"] == 3600
    assert len(base64.urlsafe_b64decode(signature + "==")) == 256  # RSA-2048
    assert oct((tmp_path / "dev-key.pem").stat().st_mode & 0o777) == "0o600"
    r = cruddur("dev-token", "nobody", *data)
    assert r.returncode != 0 and r.stderr == "cruddur: unknown handle @nobody\n"


@pytest.mark.parametrize("endpoint,message", [
    ("", "cruddur: --ddb-endpoint is empty: give the endpoint's URL, or 'prod' for AWS\n"),
    ("localhost:8000", 'cruddur: --ddb-endpoint "localhost:8000" is not an http:// or https:// '
     "URL (or 'prod' for AWS)\n"),
])
def test_an_endpoint_that_is_not_a_url_is_refused_at_once(endpoint, message):
    r = cruddur("ddb", "list-tables", "--ddb-endpoint", endpoint)
    assert (r.returncode, r.stderr, r.stdout) == (1, message, "")


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"])
def test_the_aws_endpoint_variables_are_honoured(signed_server, variable):
    r = cruddur("ddb", "list-tables", "--json", extra_env={variable: signed_server.endpoint})
    assert r.returncode == 0, r.stderr
    assert "TableNames" in json.loads(r.stdout)
    # The service's own variable comes first, and --ddb-endpoint before both.
    r = cruddur("ddb", "list-tables", extra_env={"AWS_ENDPOINT_URL_DYNAMODB": signed_server.endpoint,
                                                 "AWS_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert r.returncode == 0, r.stderr
    r = cruddur("ddb", "list-tables", "--ddb-endpoint", signed_server.endpoint,
                extra_env={variable: "http://127.0.0.1:9"})
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("command", [
    ["dev-token", "andrewbrown"],
    ["ddb", "list-conversations", "andrewbrown"],
    ["ddb", "seed"],
    ["db", "update-cognito-user-ids", "--user-pool-id", "pool"],
])
def test_commands_that_need_users_say_to_run_db_setup_and_create_nothing(tmp_path, command):
    data = tmp_path / "data"
    env = {k: "" for k in ["CONNECTION_URL"]}
    r = cruddur(*command, "--data-dir", str(data), "--ddb-endpoint", "http://127.0.0.1:9",
                extra_env=env)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == (f"cruddur: no users database in {data}: run `cruddur db setup` first "
                        "(or set CONNECTION_URL)\n")
    assert not data.exists()


def test_every_command_honours_json_or_refuses_it(tmp_path):
    server = Server().start()
    try:
        common = ["--ddb-endpoint", server.endpoint, "--data-dir", str(tmp_path), "--json"]
        users = json.loads(cruddur("db", "setup", *common).stdout)
        assert {u["handle"] for u in users} == {"andrewbrown", "bayko", "londo"}
        assert json.loads(cruddur("db", "seed", "--keep-existing", *common).stdout) == users
        assert "access_token" in json.loads(cruddur("dev-token", "bayko", *common).stdout)
        json.loads(cruddur("ddb", "schema-load", *common).stdout)
        assert json.loads(cruddur("ddb", "seed", *common).stdout) == {
            "seeded": True, "message_group_uuid": GROUP, "messages": 100}
        assert json.loads(cruddur("ddb", "seed", *common).stdout)["seeded"] is False
        assert len(json.loads(cruddur("ddb", "scan", *common).stdout)) == 103  # 100 + 2 + 1
        assert json.loads(cruddur("stream-worker", "--once", *common).stdout)["handled"] > 0
        for command in (["serve"], ["lambda"]):
            r = cruddur(*command, *common, extra_env={"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9"})
            assert (r.returncode, r.stdout) == (1, "")
            assert r.stderr == f"cruddur: {command[0]} has no JSON output: leave out --json\n"
        # A failure leaves nothing on stdout, not half a document.
        server.kill()
        r = cruddur("ddb", "scan", *common)
        assert r.returncode == 1 and r.stdout == ""
    finally:
        server.stop()
