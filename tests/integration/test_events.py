"""GET /api/events: messages and unread counts pushed to the browser as Server-Sent Events, through
`cruddur serve` on ddb-server."""
import http.client
import json
import queue
import threading
import time
import uuid

import pytest

import stack
from conftest import DEMO_GROUP as GROUP, wait_for
from test_api import App


class EventStream:
    """One GET /api/events, read on a thread into a queue of (id, event, data) and comments."""

    def __init__(self, app, token, last_event_id=None):
        self.conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
        headers = {"Authorization": f"Bearer {token}"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.conn.request("GET", "/api/events", headers=headers)
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.headers = dict(self.response.getheaders())
        self.events = queue.Queue()
        self.comments = queue.Queue()
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()
        else:
            self.body = json.loads(self.response.read())

    def _read(self):
        fields = {}
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line == "":
                    if "event" in fields or "data" in fields:
                        self.events.put((fields.get("id"), fields.get("event", "message"),
                                         json.loads(fields.get("data", "null"))))
                    fields = {}
                elif line.startswith(":"):
                    self.comments.put(line[1:].strip())
                else:
                    name, _, value = line.partition(":")
                    fields[name] = value[1:] if value.startswith(" ") else value
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            # AttributeError: the connection was closed under the reader (close()).
            pass
        self.events.put(None)  # the end of the stream

    def next(self, kind=None, seconds=10, where=None):
        """The next event (of `kind`, and whose data satisfies `where`, skipping others), or None
        at the end of the stream."""
        deadline = time.monotonic() + seconds
        while True:
            event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if event is None or ((kind is None or event[1] == kind) and
                                 (where is None or where(event[2]))):
                return event

    def close(self):
        self.conn.sock.close() if self.conn.sock else None
        self.conn.close()


@pytest.fixture
def app(tmp_path):
    a = App(tmp_path, extra_args=["--heartbeat-s", "1", "--max-event-streams", "3"])
    yield a
    a.close()


def send(app, handle, text, group=GROUP):
    status, sent, _ = app.request("POST", "/api/messages",
                                  {"message": text, "message_group_uuid": group},
                                  token=app.token(handle))
    assert status == 200, sent
    return sent


def test_a_message_is_pushed_to_both_members_with_the_readers_unread_count(app):
    andrew, bayko = EventStream(app, app.token("andrewbrown")), EventStream(app, app.token("bayko"))
    assert andrew.status == bayko.status == 200
    assert andrew.headers["Content-Type"] == "text/event-stream"
    assert andrew.headers["Cache-Control"] == "no-cache"
    started = time.monotonic()
    sent = send(app, "andrewbrown", "pushed, not polled")
    for stream in (andrew, bayko):
        event_id, kind, data = stream.next("message", where=lambda d: d["uuid"] == sent["uuid"])
        assert data == sent  # the POST's answer: group, uuid, handle, display_name, message, time
        assert int(event_id) > 0
    assert time.monotonic() - started < 1.0
    # Bayko's count goes up once the stream worker has counted it; Andrew's own never does.
    _, _, unread = bayko.next("unread")
    assert unread["message_group_uuid"] == GROUP and unread["unread"] == 1
    assert unread["total_unread"] >= 1
    status, _, _ = app.request("POST", f"/api/message_groups/{GROUP}/read",
                               token=app.token("bayko"))
    assert status == 204
    _, _, read = bayko.next("unread")
    assert read == {"message_group_uuid": GROUP, "unread": 0,
                    "total_unread": unread["total_unread"] - 1}
    # Each message is pushed once, though the API and the stream worker both saw it.
    second = send(app, "andrewbrown", "second")
    assert andrew.next("message", where=lambda d: d["message"] == "second")[2] == second
    assert not any(e and e[1] == "message" and e[2]["uuid"] == second["uuid"]
                   for e in drain(andrew, 0.5))
    for stream in (andrew, bayko):
        stream.close()


def drain(stream, seconds):
    events, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            events.append(stream.events.get(timeout=max(0.01, deadline - time.monotonic())))
        except queue.Empty:
            break
    return events


def test_a_message_written_by_another_process_is_pushed_by_the_stream_worker(app):
    bayko = EventStream(app, app.token("bayko"))
    # A message row as another `cruddur serve` (or the seed's scripts) would write it.
    client = stack.make_client(app.ddb.endpoint)
    andrew = app.call("GET", "/api/users/@andrewbrown/short")
    message_uuid = str(uuid.uuid4())
    created = time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime(time.time() + 60))
    client.put_item(TableName="cruddur-messages", Item={
        "pk": {"S": f"MSG#{GROUP}"}, "sk": {"S": created},
        "message_uuid": {"S": message_uuid}, "message": {"S": "from elsewhere"},
        "user_uuid": {"S": andrew["uuid"]}, "user_display_name": {"S": "Andrew Brown"},
        "user_handle": {"S": "andrewbrown"}})
    _, _, data = bayko.next("message", where=lambda d: d["uuid"] == message_uuid)
    assert data == {"message_group_uuid": GROUP, "uuid": message_uuid, "handle": "andrewbrown",
                    "display_name": "Andrew Brown", "message": "from elsewhere",
                    "created_at": created}
    assert bayko.next("unread")[2]["unread"] == 1
    bayko.close()


def test_a_reconnect_with_last_event_id_gets_what_it_missed(app):
    token = app.token("bayko")
    first = EventStream(app, token)
    send(app, "andrewbrown", "one")
    last_id = first.next("message", where=lambda d: d["message"] == "one")[0]
    first.close()
    send(app, "andrewbrown", "two")
    send(app, "andrewbrown", "three")
    wait_for(lambda: app.call("GET", "/api/message_groups", token=token)[0]["unread"] == 3,
             what="the worker counting three")
    again = EventStream(app, token, last_event_id=last_id)
    ours = lambda d: d["message"] in ("two", "three")  # noqa: E731
    replayed = [again.next("message", where=ours)[2]["message"] for _ in range(2)]
    assert replayed == ["two", "three"]
    ids = [int(last_id)]
    # An id this process never gave (another process's, or garbage) is answered with reset.
    for unknown in ("1", "not-a-number", str(2 ** 63)):
        stream = EventStream(app, token, last_event_id=unknown)
        event_id, kind, _ = stream.next()
        assert kind == "reset"
        ids.append(int(event_id))
        # The reset's id is where the next reconnect resumes from.
        stream.close()
        resumed = EventStream(app, token, last_event_id=event_id)
        send(app, "andrewbrown", f"after {unknown}")
        assert resumed.next("message", where=lambda d: d["message"] == f"after {unknown}")
        resumed.close()
    again.close()


def test_streams_per_user_are_bounded_and_freed_when_a_client_leaves(app):
    token = app.token("andrewbrown")
    streams = [EventStream(app, token) for _ in range(3)]
    assert [s.status for s in streams] == [200, 200, 200]
    refused = EventStream(app, token)
    assert refused.status == 429 and refused.body == {
        "error": "too many open event streams for this user"}
    assert EventStream(app, app.token("bayko")).status == 200  # others are not affected
    streams[0].close()

    def room_again():
        s = EventStream(app, token)
        if s.status == 200:
            return s
        return None

    wait_for(room_again, 5, what="a closed stream's place freed").close()


def test_streams_carry_a_heartbeat_and_need_a_token(app):
    stream = EventStream(app, app.token("andrewbrown"))
    assert stream.comments.get(timeout=5) == "connected"
    assert stream.comments.get(timeout=5) == "heartbeat"
    stream.close()
    conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=10)
    conn.request("GET", "/api/events")
    response = conn.getresponse()
    assert response.status == 401 and json.loads(response.read()) == {
        "error": "a valid access token is required"}


def test_the_server_stops_promptly_with_streams_open(tmp_path):
    a = App(tmp_path)
    try:
        streams = [EventStream(a, a.token("andrewbrown")) for _ in range(3)]
        started = time.monotonic()
        a.process.send_signal(15)
        assert a.process.wait(timeout=10) == 0
        assert time.monotonic() - started < 5
        for s in streams:
            assert s.next(seconds=5, where=lambda d: False) is None  # ended, not hung
    finally:
        if a.process.poll() is None:
            a.process.kill()
        a.ddb.stop()
