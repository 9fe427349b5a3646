"""`scripts/up` as a user runs it: the stack comes up, serves the web UI and the API, stops on
Ctrl-C, and a second run keeps the data. And the web UI's files as `cruddur serve` answers them."""
import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import time

import pytest

from conftest import ROOT, Server, free_port, wait_for
from test_api import App

READY = "Ctrl-C stops everything."


class Up:
    """One run of scripts/up in its own process group, as a terminal would hold it."""

    def __init__(self, data, extra_env=None):
        self.ddb_port = free_port()
        self.port = free_port()
        env = dict(os.environ, DATA_DIR=str(data), DDB_PORT=str(self.ddb_port),
                   CRUDDUR_PORT=str(self.port))
        env.pop("CONNECTION_URL", None)
        env.update(extra_env or {})
        self.log = data.parent / f"up-{self.port}.log"
        self.process = subprocess.Popen([str(ROOT / "scripts/up")], stdout=open(self.log, "wb"),
                                        stderr=subprocess.STDOUT, env=env,
                                        start_new_session=True)
        def ready():
            assert self.process.poll() is None, self.output()
            return READY in self.output()

        wait_for(ready, 120, 0.1, "scripts/up's ready banner")  # scripts/build may have work to do

    def output(self):
        return self.log.read_text()

    def request(self, method, path, body=None, token=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())

    def token(self, handle):
        status, body, _ = self.request("POST", "/api/dev/sign_in", {"handle": handle})
        assert status == 200, body
        return json.loads(body)["access_token"]

    def interrupt(self):
        """Ctrl-C: SIGINT to the whole foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=20)

    def listening(self, port):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False


def test_up_serves_the_ui_and_keeps_its_data_across_runs(tmp_path):
    data = tmp_path / "data"
    up = Up(data)
    try:
        out = up.output()
        assert f"http://localhost:{up.port}/" in out
        assert f"http://localhost:{up.ddb_port}" in out
        assert "created table cruddur-messages" in out
        assert "seeded conversation" in out
        status, body, headers = up.request("GET", "/")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"<title>Cruddur</title>" in body
        token = up.token("andrewbrown")
        status, body, _ = up.request("GET", "/api/message_groups", token=token)
        (group,) = json.loads(body)
        assert group["handle"] == "bayko" and group["message"] == "Deal. Friday night?"
        status, body, _ = up.request("POST", "/api/messages", token=token,
                                     body={"message": "kept?", "message_group_uuid": group["uuid"]})
        assert status == 200, body
        assert (data / "ddb" / "CURRENT").exists()  # RocksDB's
        assert (data / "cruddur" / "users.sqlite3").exists()
    finally:
        code = up.interrupt()
    assert code == 130, up.output()
    assert "up: stopped" in up.output()
    assert not up.listening(up.port) and not up.listening(up.ddb_port)

    again = Up(data)
    try:
        out = again.output()
        assert "created table" not in out and "seeded conversation" not in out
        assert "already have a conversation; nothing seeded" in out
        token = again.token("andrewbrown")
        status, body, _ = again.request("GET", "/api/message_groups", token=token)
        (group,) = json.loads(body)
        assert group["message"] == "kept?"  # the stream worker moved the inbox row before Ctrl-C
        status, body, _ = again.request("GET", f"/api/messages/{group['uuid']}", token=token)
        assert json.loads(body)[-1]["message"] == "kept?"
    finally:
        # A supervisor's SIGTERM to the script alone stops the servers too.
        again.process.send_signal(signal.SIGTERM)
        assert again.process.wait(timeout=20) == 143
    assert not again.listening(again.port) and not again.listening(again.ddb_port)


def test_up_seeds_users_in_postgresql_when_connection_url_is_set(tmp_path, postgres):
    up = Up(tmp_path / "data", extra_env={"CONNECTION_URL": postgres.url})
    try:
        handles = postgres.psql("SELECT handle FROM users ORDER BY handle").split()
        assert {"andrewbrown", "bayko", "londo"} <= set(handles)
        assert not (tmp_path / "data" / "cruddur" / "users.sqlite3").exists()
        token = up.token("bayko")
        status, body, _ = up.request("GET", "/api/message_groups", token=token)
        assert status == 200 and json.loads(body)[0]["handle"] == "andrewbrown"
    finally:
        assert up.interrupt() == 130


@pytest.mark.parametrize("taken", ["DDB_PORT", "CRUDDUR_PORT"])
def test_up_stops_at_once_on_a_taken_port_and_writes_nothing_there(tmp_path, taken):
    # A real ddb-server holds the port: scripts/up must not create its table or seed there.
    holder = Server().start()
    try:
        ports = {"DDB_PORT": str(free_port()), "CRUDDUR_PORT": str(free_port())}
        ports[taken] = str(holder.port)
        env = dict(os.environ, DATA_DIR=str(tmp_path / "data"), **ports)
        started = time.monotonic()
        r = subprocess.run([str(ROOT / "scripts/up")], capture_output=True, text=True, env=env,
                           timeout=120)
        assert r.returncode == 1
        assert time.monotonic() - started < 10
        assert r.stderr == (f"up: port {holder.port} is taken: stop what listens there, or set "
                            f"{taken} to a free port\n")
        assert holder.client().list_tables()["TableNames"] == []
        assert not (tmp_path / "data").exists()
    finally:
        holder.stop()


def test_serve_answers_the_web_ui_beside_the_api(tmp_path):
    app = App(tmp_path)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=10)

        def get(path, headers=None):
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read(), dict(response.getheaders())

        status, index, headers = get("/")
        assert status == 200 and b'<script type="module" src="app.js">' in index
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        status, script, headers = get("/app.js")
        assert status == 200 and headers["Content-Type"] == "text/javascript; charset=utf-8"
        # A browser's revalidation: no body, same connection.
        status, body, _ = get("/app.js", {"If-None-Match": headers["ETag"]})
        assert status == 304 and body == b""
        assert get("/text.js")[0] == 200 and get("/app.css")[0] == 200
        # Compressed for a client that accepts it, with its own validator.
        status, packed, packed_headers = get("/app.js", {"Accept-Encoding": "gzip, br"})
        assert status == 200 and packed_headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed) == script and len(packed) < len(script) / 2
        assert packed_headers["ETag"] != headers["ETag"]
        assert packed_headers["Vary"] == "Accept-Encoding"
        assert get("/nope.js")[0] == 404
        assert get("/../../etc/passwd")[0] == 404
        conn.request("POST", "/", body="x")
        response = conn.getresponse()
        response.read()
        assert response.status == 405 and response.getheader("Allow") == "GET, HEAD"
        # HEAD: the GET's head, no body, and the connection still in step for the next request.
        conn.request("HEAD", "/app.js")
        response = conn.getresponse()
        assert response.status == 200 and response.read() == b""
        assert response.getheader("Content-Length") == str(len(script))
        assert get("/app.css")[0] == 200
        # The API is untouched by the files: unknown /api/ routes are the API's 404.
        status, body, _ = get("/api/nope")
        assert status == 404 and json.loads(body) == {"error": "not found"}
    finally:
        app.close()


def test_serve_without_web_ui_and_with_a_missing_web_root(tmp_path):
    app = App(tmp_path / "a", extra_args=["--web-root", "none"])
    try:
        conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=10)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.status == 404 and json.loads(response.read()) == {"error": "not found"}
    finally:
        app.close()
    r = subprocess.run([str(ROOT / "build/bin/cruddur"), "serve", "--dev-auth", "--port", "0",
                        "--web-root", str(tmp_path / "missing"), "--data-dir", str(tmp_path / "b")],
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 1
    assert r.stderr == f"cruddur: no web UI directory at {tmp_path / 'missing'}\n"
