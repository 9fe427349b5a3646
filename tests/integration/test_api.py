"""`cruddur serve`: the HTTP API (docs/API.md) end to end, with ddb-server, dev sign-in and the worker."""
import base64
import concurrent.futures
import json
import re
import signal
import subprocess

import pytest

import stack
from conftest import CRUDDUR, DEMO_GROUP as GROUP, Server, wait_for


class App(stack.App):
    """The stack for one test: its own in-memory ddb-server under `cruddur serve`, logging to
    serve.log in the test's directory."""

    def __init__(self, tmp_path, worker_inside=True, extra_args=()):
        self.ddb = Server().start()
        super().__init__(self.ddb.endpoint, tmp_path, worker_inside,
                         ["--cors-origin", "http://front.example", *extra_args],
                         log=tmp_path / "serve.log")

    def close(self):
        self.stop()
        self.ddb.stop()


@pytest.fixture
def app(tmp_path):
    a = App(tmp_path)
    yield a
    a.close()


def inbox(app, handle):
    status, body, _ = app.request("GET", "/api/message_groups", token=app.token(handle))
    assert status == 200
    return body


def test_a_message_reaches_both_inboxes(app):
    andrew = app.token("andrewbrown")
    status, sent, _ = app.request("POST", "/api/messages",
                                  {"message": "See you Friday!", "message_group_uuid": GROUP},
                                  token=andrew)
    assert status == 200
    assert sent["message_group_uuid"] == GROUP and sent["handle"] == "andrewbrown"
    assert set(sent) == {"message_group_uuid", "uuid", "display_name", "handle", "message",
                         "created_at"}

    def both_show_it():
        bayko, mine = inbox(app, "bayko"), inbox(app, "andrewbrown")
        if bayko[0]["message"] == mine[0]["message"] == "See you Friday!":
            return bayko, mine
        return None

    bayko, mine = wait_for(both_show_it, what="the message in both inboxes")
    assert bayko[0] == {"uuid": GROUP, "display_name": "Andrew Brown", "handle": "andrewbrown",
                        "message": "See you Friday!", "created_at": sent["created_at"],
                        "last_sender_handle": "andrewbrown", "unread": 1}
    assert mine[0]["handle"] == "bayko" and mine[0]["message"] == "See you Friday!"
    assert mine[0]["last_sender_handle"] == "andrewbrown"
    assert mine[0]["unread"] == 0  # one's own messages never count
    status, messages, headers = app.request("GET", f"/api/messages/{GROUP}", token=andrew)
    assert status == 200 and len(messages) == 20
    assert messages[-1]["message"] == "See you Friday!"  # oldest to newest
    assert [m["created_at"] for m in messages] == sorted(m["created_at"] for m in messages)
    status, older, _ = app.request("GET", f"/api/messages/{GROUP}?cursor={headers['X-Next-Cursor']}",
                                   token=andrew)
    assert status == 200 and older[-1]["created_at"] < messages[0]["created_at"]
    # One request log line each: time, method, path (no query), status, duration.
    log = (app.data / "serve.log").read_text().splitlines()
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ POST /api/messages 200 [\d.]+ms", line)
               for line in log), log[-5:]
    assert any(line.split()[1:4] == ["GET", f"/api/messages/{GROUP}", "200"] for line in log)


def test_membership_and_tokens(app):
    londo = app.token("londo")
    assert app.request("GET", f"/api/messages/{GROUP}", token=londo)[0] == 403
    assert app.request("POST", "/api/messages", {"message": "hi", "message_group_uuid": GROUP},
                       token=londo)[0] == 403
    assert app.request("GET", "/api/messages/no-such-group", token=londo)[0] == 404
    assert app.request("GET", "/api/message_groups")[0] == 401
    token = app.token("andrewbrown")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "mock-cognito-londo"
    forged = ".".join([header, base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("="),
                       signature])
    assert app.request("GET", "/api/message_groups", token=forged)[0] == 401
    claims["sub"] = "mock-cognito-andrewbrown"
    claims["exp"] = 1000
    expired = ".".join([header, base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("="),
                        signature])
    assert app.request("GET", "/api/message_groups", token=expired)[0] == 401
    assert app.request("GET", "/api/message_groups", token="garbage")[0] == 401


def test_every_422_code_and_no_500(app):
    andrew = app.token("andrewbrown")
    cases = [
        ({"message": " ", "message_group_uuid": GROUP}, ["message_blank"]),
        ({"message": "x" * 1025, "message_group_uuid": GROUP}, ["message_exceed_max_chars_1024"]),
        ({"message": "hi"}, ["message_group_uuid_blank", "user_receiver_handle_blank"]),
        ({"message": "hi", "handle": "andrewbrown"}, ["cannot_message_self"]),
    ]
    for body, codes in cases:
        status, answer, _ = app.request("POST", "/api/messages", body, token=andrew)
        assert (status, answer) == (422, codes), body
    # 1024 code points are fine, even when they take more bytes.
    status, _, _ = app.request("POST", "/api/messages",
                               {"message": "\u00e9" * 1024, "message_group_uuid": GROUP}, token=andrew)
    assert status == 200
    for path, body in [("/api/messages", "not json"), ("/api/messages", [1, 2]),
                       ("/api/messages", {"message": 5, "handle": None}),
                       ("/api/messages/%00", None), ("/api/message_groups?cursor=!!!", None),
                       ("/api/nope", None), ("/api/users/@/short", None)]:
        method = "POST" if body is not None else "GET"
        conn_body = body if isinstance(body, (dict, list)) else None
        status = app.request(method, path, conn_body, token=andrew)[0] if conn_body is not None \
            else app.request(method, path, token=andrew)[0]
        assert status < 500, (path, body, status)
    assert app.request("GET", "/api/users/@nobody/short")[0] == 404
    assert app.request("GET", "/api/users/@londo/short")[1]["display_name"] == "Londo Mollari"


def test_starting_a_conversation_twice_reuses_it(app):
    andrew = app.token("andrewbrown")
    first = app.request("POST", "/api/messages", {"message": "Hello Londo", "handle": "londo"},
                        token=andrew)
    second = app.request("POST", "/api/messages", {"message": "Again", "handle": "londo"},
                         token=andrew)
    assert first[0] == second[0] == 200
    group = first[1]["message_group_uuid"]
    assert second[1]["message_group_uuid"] == group != GROUP
    londo = app.token("londo")
    status, messages, _ = app.request("GET", f"/api/messages/{group}", token=londo)
    assert [m["message"] for m in messages] == ["Hello Londo", "Again"]
    assert inbox(app, "londo")[0]["uuid"] == group


def sender(app, prefix):
    """A function that posts message `prefix i` to the seeded conversation, from andrewbrown for
    odd i and bayko for even i, and returns its (created_at, message)."""
    tokens = {"andrewbrown": app.token("andrewbrown"), "bayko": app.token("bayko")}

    def send(i):
        handle = "andrewbrown" if i % 2 else "bayko"
        status, body, _ = app.request("POST", "/api/messages",
                                      {"message": f"{prefix} {i}", "message_group_uuid": GROUP},
                                      token=tokens[handle])
        assert status == 200
        return body["created_at"], body["message"]
    return send


def wait_for_one_current_row_each(app, latest):
    """Waits for each member's inbox to hold the group once, as `latest`; returns each member's
    inbox rows for the group."""
    def current():
        rows = {h: [r for r in inbox(app, h) if r["uuid"] == GROUP]
                for h in ("andrewbrown", "bayko")}
        if all(len(r) == 1 and r[0]["created_at"] == latest[0] for r in rows.values()):
            return rows
        return None

    return wait_for(current, what="one current inbox row for each member")


def test_fifty_concurrent_senders_leave_one_current_inbox_row_each(app):
    send = sender(app, "burst")
    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        sent = list(pool.map(send, range(50)))
    latest = max(sent)
    rows = wait_for_one_current_row_each(app, latest)
    for handle, r in rows.items():
        assert len(r) == 1, handle
        assert (r[0]["created_at"], r[0]["message"]) == latest
        assert r[0]["unread"] == 25, handle  # each the other's 25, counted once


def test_cors_for_the_configured_front_end_only(app):
    status, _, headers = app.request("OPTIONS", "/api/message_groups", headers={
        "Origin": "http://front.example", "Access-Control-Request-Headers": "authorization"})
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "http://front.example"
    assert "X-Next-Cursor" in headers["Access-Control-Expose-Headers"]
    _, _, other = app.request("GET", "/api/users/@londo/short",
                              headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in other


def fifty_messages_with_the_worker_killed_midway(app, worker_args=()):
    """Posts 50 messages (25 each way) while a standalone `cruddur stream-worker` (with
    `worker_args`) moves the rows, SIGKILLed after the first 25 and started again; asserts each
    member's one inbox row shows the last message and counts the other's 25, each once. Returns
    the rows."""
    def start_worker():
        return subprocess.Popen([str(CRUDDUR), "stream-worker", *worker_args, *app.common],
                                env=app.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    worker = start_worker()
    send = sender(app, "kill")
    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        first = list(pool.map(send, range(25)))
        worker.send_signal(signal.SIGKILL)  # mid-run: records keep arriving
        worker.wait()
        rest = list(pool.map(send, range(25, 50)))
    worker = start_worker()
    latest = max(first + rest)
    rows = wait_for_one_current_row_each(app, latest)
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=10)
    for handle, r in rows.items():
        assert len(r) == 1, handle
        assert (r[0]["created_at"], r[0]["message"]) == latest
        # Records handled again after the kill are not counted twice.
        assert r[0]["unread"] == 25, handle
    return rows


def test_killing_and_restarting_the_worker_mid_run_changes_nothing(tmp_path):
    app = App(tmp_path, worker_inside=False)
    try:
        fifty_messages_with_the_worker_killed_midway(app)
    finally:
        app.close()


def test_a_cursor_that_is_not_this_lists_is_400_invalid_cursor(app):
    andrew = app.token("andrewbrown")
    _, _, headers = app.request("GET", "/api/message_groups", token=andrew)

    def encoded(key):
        return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")

    for cursor in ["!!!", encoded([1]),
                   # another conversation's key, and a key of another shape
                   encoded({"pk": {"S": "MSG#another-group"}, "sk": {"S": "2020"}}),
                   encoded({"nope": {"S": "x"}})]:
        for path in (f"/api/messages/{GROUP}?cursor={cursor}",
                     f"/api/message_groups?cursor={cursor}"):
            assert app.request("GET", path, token=andrew)[:2] == (400, {"error": "invalid cursor"}), path


def test_the_apps_own_413_and_431_are_in_its_error_shape(app):
    import socket

    def answer_to(request):
        with socket.create_connection(("127.0.0.1", app.port), timeout=10) as s:
            s.sendall(request)
            answer = b""
            while not answer.endswith(b"}"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        head, body = answer.split(b"\r\n\r\n", 1)
        assert b"x-amz" not in head.lower()
        return head, json.loads(body)

    head, body = answer_to(b"GET /api/message_groups HTTP/1.1\r\nHost: x\r\nX-Big: " +
                           b"a" * (70 * 1024) + b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431 ") and body == {"error": "request headers too large"}
    # A body announced over 16 MB is answered before it is sent.
    head, body = answer_to(b"POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: "
                           b"application/json\r\nContent-Length: 17000000\r\n\r\n{")
    assert head.startswith(b"HTTP/1.1 413 ") and body == {"error": "request body too large"}


def test_handles_match_in_any_case_with_or_without_an_at_sign(app):
    for typed in ["AndrewBrown", "@andrewbrown", " @ANDREWBROWN "]:
        status, body, _ = app.request("POST", "/api/dev/sign_in", {"handle": typed})
        assert status == 200, typed
    andrew = app.token("@AndrewBrown")
    assert app.request("GET", "/api/users/@LONDO/short")[1]["handle"] == "londo"
    status, body, _ = app.request("POST", "/api/messages", {"message": "hi", "handle": "@AndrewBrown"},
                                  token=andrew)
    assert (status, body) == (422, ["cannot_message_self"])
    status, body, _ = app.request("POST", "/api/messages", {"message": "Hello", "handle": "@Londo"},
                                  token=andrew)
    assert status == 200
    status, again, _ = app.request("POST", "/api/messages", {"message": "Again", "handle": "londo"},
                                   token=andrew)
    assert again["message_group_uuid"] == body["message_group_uuid"]


@pytest.mark.parametrize("message,codes", [
    ("\u200b", ["message_blank"]),
    ("\u3000\u00a0\ufeff", ["message_blank"]),
    (" \u2060\u200d ", ["message_blank"]),
    ("bell\u0007", ["message_invalid_characters"]),
    ("a\rb", ["message_invalid_characters"]),
    ("c1\u0085x", ["message_invalid_characters"]),
])
def test_invisible_only_messages_are_blank_and_control_characters_refused(app, message, codes):
    andrew = app.token("andrewbrown")
    status, body, _ = app.request("POST", "/api/messages",
                                  {"message": message, "message_group_uuid": GROUP}, token=andrew)
    assert (status, body) == (422, codes)


def test_newlines_tabs_and_visible_text_beside_invisible_characters_are_sent(app):
    andrew = app.token("andrewbrown")
    for message in ["line one\nline two\tend", "a\u200b"]:
        status, body, _ = app.request("POST", "/api/messages",
                                      {"message": message, "message_group_uuid": GROUP},
                                      token=andrew)
        assert status == 200 and body["message"] == message


def test_unread_counts_and_marking_a_conversation_read(app):
    andrew, bayko = app.token("andrewbrown"), app.token("bayko")
    assert inbox(app, "bayko")[0]["unread"] == 0  # the seed's conversation, as seeded
    for text in ["one", "two", "three"]:
        status, _, _ = app.request("POST", "/api/messages",
                                   {"message": text, "message_group_uuid": GROUP}, token=andrew)
        assert status == 200
    wait_for(lambda: inbox(app, "bayko")[0]["unread"] == 3, what="three unread for bayko")
    assert inbox(app, "andrewbrown")[0]["unread"] == 0
    # bayko answers: andrew has one unread, bayko's own answer does not count for bayko.
    app.request("POST", "/api/messages", {"message": "hi", "message_group_uuid": GROUP},
                token=bayko)
    wait_for(lambda: inbox(app, "andrewbrown")[0]["unread"] == 1, what="one unread for andrew")
    assert inbox(app, "bayko")[0]["unread"] == 3
    status, body, _ = app.request("POST", f"/api/message_groups/{GROUP}/read", token=bayko)
    assert status == 204
    assert inbox(app, "bayko")[0]["unread"] == 0
    assert inbox(app, "andrewbrown")[0]["unread"] == 1
    # Not a member, no such conversation, no token.
    status, body, _ = app.request("POST", "/api/message_groups/00000000-0000-4000-8000-"
                                  "000000000000/read", token=bayko)
    assert (status, body) == (404, {"error": "no such conversation"})
    londo = app.token("londo")
    status, body, _ = app.request("POST", f"/api/message_groups/{GROUP}/read", token=londo)
    assert (status, body) == (403, {"error": "not a member of this conversation"})
    status, _, _ = app.request("POST", f"/api/message_groups/{GROUP}/read")
    assert status == 401
