"""Fixtures that start real ddb-server processes and real clients against them."""
import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import boto3
import botocore.config
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER_BINARY = ROOT / "build" / "bin" / "ddb-server"

os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.pop("AWS_PROFILE", None)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One ddb-server process on a free port; start() waits until it answers."""

    def __init__(self, db_path=None, extra_args=()):
        self.db_path = db_path
        self.extra_args = list(extra_args)
        self.port = None
        self.process = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.port = free_port()
        args = [str(SERVER_BINARY), "--host", "127.0.0.1", "--port", str(self.port)]
        args += ["--db-path", self.db_path] if self.db_path else ["--in-memory"]
        self.process = subprocess.Popen(args + self.extra_args, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("ddb-server exited: " + self.process.stdout.read().decode())
                time.sleep(0.02)
        raise RuntimeError("ddb-server did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self):
        return self.process.poll() is None

    def client(self, **kwargs):
        return make_client(self.endpoint, **kwargs)


def make_client(endpoint, service="dynamodb", **kwargs):
    config = botocore.config.Config(retries={"max_attempts": 1}, **kwargs)
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", config=config)


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
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "message_group_uuid", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "message-group-sk-index",
            "KeySchema": [{"AttributeName": "message_group_uuid", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        BillingMode="PAY_PER_REQUEST",
    )
    yield name
    ddb.delete_table(TableName=name)


@pytest.fixture
def number_table(ddb):
    """A table with a string hash key and a number range key."""
    name = unique_name("num")
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "h", "AttributeType": "S"},
                              {"AttributeName": "r", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "h", "KeyType": "HASH"},
                   {"AttributeName": "r", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST",
    )
    yield name
    ddb.delete_table(TableName=name)


def error_of(excinfo):
    """(code, message) of a botocore ClientError."""
    e = excinfo.value.response["Error"]
    return e["Code"], e.get("Message", "")


@pytest.fixture(scope="session")
def unchecked_ddb(server):
    """A client that sends what it is given, so the server's own validation is what answers."""
    return server.client(parameter_validation=False)


def raw_request(server, operation, body):
    """POSTs a DynamoDB request as raw JSON: (HTTP status, decoded body)."""
    import http.client
    import json
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
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
