"""The inbox cache (`cruddur serve --cache`): in memory, and in a real redis-server shared by two
instances, which also carry each other's push events; a Redis outage degrades to DynamoDB."""
import signal
import time

import pytest

import stack
from conftest import DEMO_GROUP as GROUP, wait_for
from test_api import App
from test_events import EventStream, send


def inbox_answer(app, token):
    status, body, headers = app.request("GET", "/api/message_groups", token=token)
    assert status == 200, body
    return body, headers.get("X-Cache")


def row_of(body, handle):
    return next(row for row in body if row["handle"] == handle)


def test_an_unchanged_inbox_is_answered_from_memory_and_each_change_reaches_it(tmp_path):
    app = App(tmp_path)
    try:
        bayko, andrew = app.token("bayko"), app.token("andrewbrown")
        first, source = inbox_answer(app, bayko)
        assert source == "miss"
        for _ in range(3):
            again, source = inbox_answer(app, bayko)
            assert (again, source) == (first, "hit")
        # A message moves both rows through the stream worker, which invalidates both pages.
        send(app, "andrewbrown", "cache this")

        def shows_it():
            body, source = inbox_answer(app, bayko)
            return body if row_of(body, "andrewbrown")["message"] == "cache this" else None

        body = wait_for(shows_it, what="bayko's page renewed")
        assert row_of(body, "andrewbrown")["unread"] == row_of(first, "andrewbrown")["unread"] + 1
        assert inbox_answer(app, bayko)[1] == "hit"
        assert row_of(inbox_answer(app, andrew)[0], "bayko")["message"] == "cache this"
        # Marking read is seen at once by the reader's next GET.
        status, _, _ = app.request("POST", f"/api/message_groups/{GROUP}/read", token=bayko)
        assert status == 204
        body, source = inbox_answer(app, bayko)
        assert source == "miss" and row_of(body, "andrewbrown")["unread"] == 0
        # A conversation started here writes both inbox rows itself: both pages renewed.
        inbox_answer(app, app.token("londo"))
        status, started, _ = app.request("POST", "/api/messages",
                                         {"message": "hello londo", "handle": "londo"}, token=bayko)
        assert status == 200
        body, source = inbox_answer(app, app.token("londo"))
        assert source == "miss" and row_of(body, "bayko")["message"] == "hello londo"
        assert row_of(inbox_answer(app, bayko)[0], "londo")["uuid"] == started["message_group_uuid"]
    finally:
        app.close()


def test_without_the_stream_worker_there_is_no_memory_cache(tmp_path):
    app = App(tmp_path, worker_inside=False)
    try:
        token = app.token("bayko")
        assert inbox_answer(app, token)[1] is None
        assert inbox_answer(app, token)[1] is None
    finally:
        app.close()


@pytest.fixture
def redis():
    r = stack.Redis().start()
    yield r
    r.stop()


@pytest.fixture
def two_instances(tmp_path, redis):
    """Instance A (with the stream worker) and B (without), on one table, one users directory and
    one Redis."""
    a = App(tmp_path, extra_args=["--cache", redis.url])
    b = stack.App(a.ddb.endpoint, a.data, worker=False, extra_args=["--cache", redis.url],
                  log=tmp_path / "serve-b.log", setup=False)
    yield a, b
    b.process.terminate()
    b.process.wait(timeout=10)
    a.close()


def test_two_instances_share_the_cache_and_each_others_events(two_instances):
    a, b = two_instances
    bayko = a.token("bayko")  # one dev key: valid on both
    stream_b = EventStream(b, bayko)
    before, _ = inbox_answer(b, bayko)
    assert inbox_answer(b, bayko)[1] == "hit"
    assert inbox_answer(a, bayko)[1] == "hit"  # B's page, held in Redis
    sent = send(a, "andrewbrown", "from instance A")
    ours = lambda d: d["uuid"] == sent["uuid"]  # noqa: E731
    assert stream_b.next("message", where=ours)[2] == sent  # relayed from A through Redis
    _, _, unread = stream_b.next("unread")  # counted by A's worker, relayed
    assert unread["message_group_uuid"] == GROUP
    assert unread["unread"] == row_of(before, "andrewbrown")["unread"] + 1
    body, _ = inbox_answer(b, bayko)
    assert row_of(body, "andrewbrown")["message"] == "from instance A"
    assert row_of(body, "andrewbrown")["unread"] == unread["unread"]
    # Read on B; A sees it at once.
    status, _, _ = b.request("POST", f"/api/message_groups/{GROUP}/read", token=bayko)
    assert status == 204
    assert stream_b.next("unread")[2]["unread"] == 0
    assert row_of(inbox_answer(a, bayko)[0], "andrewbrown")["unread"] == 0
    # And back: a message posted to B reaches a stream on A.
    stream_a = EventStream(a, a.token("andrewbrown"))
    sent = send(b, "bayko", "from instance B")
    assert stream_a.next("message", where=lambda d: d["uuid"] == sent["uuid"])[2] == sent
    stream_a.close()
    stream_b.close()


def test_a_hung_redis_costs_no_stale_page(two_instances, redis):
    a, b = two_instances
    bayko = a.token("bayko")
    inbox_answer(b, bayko)
    assert inbox_answer(b, bayko)[1] == "hit"
    redis.process.send_signal(signal.SIGSTOP)  # holds every connection; commands time out
    try:
        send(a, "andrewbrown", "while Redis hangs")
        started = time.monotonic()

        def current():
            body, source = inbox_answer(b, bayko)
            assert source is None
            return row_of(body, "andrewbrown")["message"] == "while Redis hangs"

        wait_for(current, what="B answering from DynamoDB")
        assert time.monotonic() - started < 5
    finally:
        redis.process.send_signal(signal.SIGCONT)

    def cached_again():
        body, _ = inbox_answer(b, bayko)
        assert row_of(body, "andrewbrown")["message"] == "while Redis hangs"  # never the old page
        return inbox_answer(b, bayko)[1] == "hit"

    wait_for(cached_again, 10, 0.2, what="the cache in use again")


def test_a_redis_outage_degrades_to_dynamodb_and_recovers_by_itself(two_instances, redis):
    a, b = two_instances
    bayko = a.token("bayko")
    inbox_answer(b, bayko)
    assert inbox_answer(b, bayko)[1] == "hit"
    redis.stop()
    # The API answers from DynamoDB, whole and current, with no cache.
    sent = send(a, "andrewbrown", "during the outage")
    started = time.monotonic()

    def current():
        body, source = inbox_answer(b, bayko)
        assert source is None  # neither hit nor miss: the cache is not in use
        return row_of(body, "andrewbrown")["message"] == "during the outage"

    wait_for(current, what="B answering from DynamoDB")
    assert time.monotonic() - started < 5
    assert send(b, "bayko", "still sending")["message"] == "still sending"
    redis.start()

    def cached_again():
        inbox_answer(b, bayko)
        return inbox_answer(b, bayko)[1] == "hit"

    wait_for(cached_again, 10, 0.2, what="the cache in use again")
    # What changed during the outage is not served stale from before it.
    body, _ = inbox_answer(b, bayko)
    assert row_of(body, "andrewbrown")["message"] == "still sending"
    # Events cross instances again once the relay is back on the channel.
    stream_b = EventStream(b, bayko)

    def relayed():
        text = f"after the outage {time.monotonic()}"
        send(a, "andrewbrown", text)
        try:
            return stream_b.next("message", seconds=1, where=lambda d: d["message"] == text)
        except Exception:
            return False

    wait_for(relayed, 15, 0.2, what="events relayed again")
    assert sent["message"] == "during the outage"
    stream_b.close()


def test_unread_counts_through_a_shared_cache_stay_exact_with_a_worker_killed_mid_run(
        tmp_path, redis):
    # The API instance has no worker; a standalone `cruddur stream-worker --cache` moves the rows
    # and tells Redis which pages went stale, killed and restarted while 50 messages go in.
    from test_api import fifty_messages_with_the_worker_killed_midway
    app = App(tmp_path, worker_inside=False, extra_args=["--cache", redis.url])
    try:
        for handle in ("andrewbrown", "bayko"):  # both pages held before the burst
            inbox_answer(app, app.token(handle))
        rows = fifty_messages_with_the_worker_killed_midway(app, ["--cache", redis.url])
        for handle in rows:
            assert inbox_answer(app, app.token(handle))[1] == "hit"  # the counts, from the cache
    finally:
        app.close()
