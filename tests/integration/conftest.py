"""Fixtures that start real ddb-server processes and real clients against them (tests/stack.py
starts the processes, for the benchmarks too)."""
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import boto3
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import stack  # noqa: E402
from stack import (CHAT_GSIS, CHAT_KEY, CRUDDUR, DEMO_GROUP, ROOT, App, Server, StandIn,  # noqa: E402,F401
                   create_table, cruddur, free_port, make_client, wait_for, wait_until_active)


@pytest.fixture(scope="session")
def server():
    s = Server().start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def ddb(server):
    return server.client()


@pytest.fixture(scope="session")
def ddb_resource(server):
    return boto3.resource("dynamodb", endpoint_url=server.endpoint, region_name="us-east-1")


@pytest.fixture
def durable_server():
    with tempfile.TemporaryDirectory() as directory:
        s = Server(db_path=directory).start()
        yield s
        s.stop()


def unique_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def chat_table(ddb):
    """A table shaped like cruddur-messages: pk/sk strings and the message-group GSI."""
    name = unique_name("chat")
    create_table(ddb, name, CHAT_KEY, CHAT_GSIS)
    yield name
    ddb.delete_table(TableName=name)


@pytest.fixture
def number_table(ddb):
    """A table with a string hash key and a number range key."""
    name = unique_name("num")
    create_table(ddb, name, (("h", "S"), ("r", "N")))
    yield name
    ddb.delete_table(TableName=name)


def enveloped(message):
    """How PutItem, UpdateItem and DeleteItem answer the request's own validation errors (its
    expressions and their maps, legacy conditions, ReturnValues) since DynamoDB's 2026 validation
    rollout: inside the model stage's envelope (eu-west-2 and us-east-1, 2026-10-09, as
    paritysuite/dynamodb-conformance's "request validation envelope" tests record it). Other
    operations answer them bare."""
    return "1 validation error detected: " + message


def error_of(excinfo):
    """(code, message) of a botocore ClientError."""
    e = excinfo.value.response["Error"]
    return e["Code"], e.get("Message", "")


def query_pages(client, **request):
    """Every item a Query returns, its pages followed by ExclusiveStartKey to the last."""
    items = []
    while True:
        page = client.query(**request)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


@pytest.fixture(scope="session")
def unchecked_ddb(server):
    """A client that sends what it is given, so the server's own validation is what answers."""
    return server.client(parameter_validation=False)


def raw_request(server, operation, body, connection=None):
    """POSTs a DynamoDB request as raw JSON, on `connection` if given (kept open) or a new one:
    (HTTP status, decoded body)."""
    import http.client
    import json
    conn = connection or http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("POST", "/", body=json.dumps(body), headers={
        "X-Amz-Target": "DynamoDB_20120810." + operation,
        "Content-Type": "application/x-amz-json-1.0"})
    response = conn.getresponse()
    return response.status, json.loads(response.read())


class Postgres:
    """A throwaway PostgreSQL server (Debian's packages, started by the test on a free port)."""

    def __init__(self):
        import glob
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (scripts/setup installs it)")
        self.bin = Path(bins[-1])
        self.port = free_port()
        self.data = Path(tempfile.mkdtemp(prefix="cruddur-pg-"))

    def _as_postgres(self, *args):
        command = [str(a) for a in args]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--"] + command
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self):
        if os.geteuid() == 0:
            import pwd
            entry = pwd.getpwnam("postgres")
            os.chown(self.data, entry.pw_uid, entry.pw_gid)
        self._as_postgres(self.bin / "initdb", "-D", self.data / "db", "-A", "trust", "-U",
                          "postgres")
        self._as_postgres(self.bin / "pg_ctl", "-D", self.data / "db", "-w", "-l",
                          self.data / "log", "-o",
                          f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start")
        self._as_postgres(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U",
                          "postgres", "cruddur")
        return self

    @property
    def url(self):
        return f"postgresql://postgres@127.0.0.1:{self.port}/cruddur"

    def psql(self, sql):
        return subprocess.run(["psql", self.url, "-At", "-c", sql], capture_output=True, text=True,
                              check=True).stdout

    def stop(self):
        try:
            self._as_postgres(self.bin / "pg_ctl", "-D", self.data / "db", "-m", "immediate",
                              "stop")
        finally:
            import shutil
            shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    server = Postgres().start()
    yield server
    server.stop()
