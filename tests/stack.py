"""Starting the stack, one way for the tests and the benchmarks: ddb-server processes, the
`cruddur` command line, `cruddur serve` on an engine with the demo data, a table factory, and
one wait. Plain Python (no pytest), so bench/ imports it too."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import boto3
import botocore.config

ROOT = Path(__file__).resolve().parents[1]
SERVER_BINARY = ROOT / "build" / "bin" / "ddb-server"
CRUDDUR = ROOT / "build" / "bin" / "cruddur"
# The demo conversation between andrewbrown and bayko that `cruddur ddb seed` writes.
DEMO_GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399"

os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.pop("AWS_PROFILE", None)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def threads_of(pid):
    """(name, stat fields) of each thread of a process, from /proc/<pid>/task/*/stat, the fields
    after the name: proc(5)'s field n is fields[n - 3] (14 utime, 15 stime, 41 policy). A thread
    that ends while it is read is left out."""
    threads = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = Path(f"/proc/{pid}/task/{task}/stat").read_text()
        except OSError:
            continue
        threads.append((stat[stat.index("(") + 1:stat.rindex(")")],
                        stat[stat.rindex(")") + 2:].split()))
    return threads


def wait_for(check, seconds=30, interval=0.05, what="the condition"):
    """Calls `check` until it returns something truthy, and returns that; raises AssertionError
    naming `what` after `seconds`. Deadlines are generous: they bound a hang, not a speed."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(interval)


class StandIn:
    """An HTTP stand-in for a service the code under test calls (an endpoint that misbehaves,
    Cognito, the Lambda Runtime API). `answer(method, path, headers, body)` returns (status,
    headers, body); a context manager, serving on a free port at `endpoint` until it exits."""

    def __init__(self, answer):
        import http.server

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                status, headers, body = answer(self.command, self.path, self.headers,
                                               self.rfile.read(length))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def address(self):
        return f"127.0.0.1:{self.server.server_address[1]}"

    @property
    def endpoint(self):
        return f"http://{self.address}"

    def close(self):
        self.server.shutdown()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def make_client(endpoint, service="dynamodb", **kwargs):
    config = botocore.config.Config(retries={"max_attempts": 1}, **kwargs)
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", config=config)


class Server:
    """One ddb-server process on a free port (in memory unless given a db_path); start() waits
    until it accepts connections."""

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

        def accepting():
            if self.process.poll() is not None:
                raise RuntimeError("ddb-server exited: " + self.process.stdout.read().decode())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return True
            except OSError:
                return False

        wait_for(accepting, 10, 0.02, "ddb-server's start")
        return self

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


def cruddur(*args, key="AKIDAPP", secret="secret-app", extra_env=None, cwd=None):
    """Runs the `cruddur` command line with only the AWS settings given here."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret,
                "AWS_DEFAULT_REGION": "eu-west-1", "HOME": "/nonexistent"})
    env.update(extra_env or {})
    return subprocess.run([str(CRUDDUR), *args], capture_output=True, text=True, env=env,
                          timeout=60, cwd=cwd)


def create_table(client, name, key=(("pk", "S"), ("sk", "S")), gsis=(), attributes=(), **extra):
    """Creates an on-demand table and waits until it is ACTIVE. `key`: (name, type) of the hash
    key and, if given, the range key; `gsis`: (index name, key, projection type) each, their key
    in the same form; `attributes`: further (name, type) definitions."""
    definitions = dict(key)
    for _, index_key, _ in gsis:
        definitions.update(dict(index_key))
    definitions.update(dict(attributes))

    def schema(pairs):
        return [{"AttributeName": n, "KeyType": k} for (n, _), k in zip(pairs, ("HASH", "RANGE"))]

    request = dict(
        TableName=name, KeySchema=schema(key), BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t}
                              for n, t in definitions.items()], **extra)
    if gsis:
        request["GlobalSecondaryIndexes"] = [
            {"IndexName": index, "KeySchema": schema(index_key),
             "Projection": {"ProjectionType": projection}}
            for index, index_key, projection in gsis]
    client.create_table(**request)
    return wait_until_active(client, name)


def wait_until_active(client, name, seconds=60):
    """The table's description once it and every global index are ACTIVE."""
    def active():
        table = client.describe_table(TableName=name)["Table"]
        indexes = table.get("GlobalSecondaryIndexes", [])
        ready = table["TableStatus"] == "ACTIVE" and all(
            i["IndexStatus"] == "ACTIVE" for i in indexes)
        return table if ready else None

    return wait_for(active, seconds, what=f"table {name} becoming ACTIVE")


# The shape of cruddur-messages: pk/sk strings and the message-group GSI.
CHAT_KEY = (("pk", "S"), ("sk", "S"))
CHAT_GSIS = (("message-group-sk-index", (("message_group_uuid", "S"), ("sk", "S")), "ALL"),)


class Redis:
    """Debian's redis-server on a free port, nothing saved to disk; stop() and start() again keep
    the port, for outages."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

        def answering():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(answering, 10, 0.02, "redis-server's start")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class App:
    """`cruddur serve --dev-auth` on a DynamoDB endpoint, with its own data directory, after
    `db setup`, `ddb schema-load` and `ddb seed` (the demo users and conversation); with
    `setup=False`, on what another App has set up (another instance on the same data directory,
    sharing its users and dev sign-in key)."""

    def __init__(self, endpoint, data_dir=None, worker=True, extra_args=(), log=None, setup=True):
        self.owns_data = data_dir is None
        self.data = Path(data_dir or tempfile.mkdtemp(prefix="cruddur-app-"))
        self.data.mkdir(parents=True, exist_ok=True)
        self.common = ["--ddb-endpoint", endpoint, "--data-dir", str(self.data)]
        for command in (["db", "setup"], ["ddb", "schema-load"], ["ddb", "seed"]) if setup else ():
            r = cruddur(*command, *self.common)
            assert r.returncode == 0, r.stderr
        self.port = free_port()
        self.env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x",
                        AWS_DEFAULT_REGION="us-east-1")
        self.process = subprocess.Popen(
            [str(CRUDDUR), "serve", "--dev-auth", "--port", str(self.port), *self.common,
             *([] if worker else ["--no-stream-worker"]), *extra_args],
            stdout=open(log, "wb") if log else subprocess.DEVNULL, stderr=subprocess.STDOUT,
            env=self.env)
        self._local = threading.local()

        def answering():
            try:
                return self.request("GET", "/api/users/@londo/short")[0] == 200
            except OSError:
                return False

        wait_for(answering, 10, 0.02, "cruddur serve's start")

    def request(self, method, path, body=None, token=None, headers=None):
        """(status, decoded JSON body or None, headers), over this thread's kept-alive
        connection. Sent again only when a kept-alive connection turns out closed, so that a
        request is never sent twice to a server that got it."""
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        payload = json.dumps(body) if body is not None else None
        while True:
            conn = getattr(self._local, "conn", None)
            reused = conn is not None
            if not reused:
                conn = self._local.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                                     timeout=30)
            try:
                conn.request(method, path, body=payload, headers=all_headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                self._local.conn = None
                if not reused:
                    raise
            except (OSError, http.client.HTTPException):
                self._local.conn = None
                raise
        return response.status, (json.loads(data) if data else None), dict(response.getheaders())

    def call(self, method, path, body=None, token=None):
        """The decoded body of a 200 answer; RuntimeError otherwise."""
        status, data, _ = self.request(method, path, body, token)
        if status != 200:
            raise RuntimeError(f"{method} {path}: {status} {data}")
        return data

    def token(self, handle):
        return self.call("POST", "/api/dev/sign_in", {"handle": handle})["access_token"]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)
        if self.owns_data:
            shutil.rmtree(self.data, ignore_errors=True)
