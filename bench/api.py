"""Load `cruddur serve` with wrk, on ddb-server and on dynalite in the same command.

Each engine gets the seed (the demo users and conversation) and its own
`cruddur serve --dev-auth`; wrk then loads GET /api/message_groups and POST /api/messages as
andrewbrown, with no stream worker on either (dynalite has no streams). Then, on ddb-server with
the worker inside `serve`: the time from an acknowledged POST to the other member's inbox
showing it; the inbox GET with the in-memory cache against without it, and the DynamoDB reads an
unchanged inbox costs; the time from a POST to its event on the recipient's /api/events stream,
with 1 and with 1,000 streams open.
"""
import argparse
import http.client
import json
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from run import ROOT, Peer, ensure_dynalite, percentile, print_comparison, stack, wrk

GROUP = stack.DEMO_GROUP  # andrewbrown and bayko, in the seed
SCENARIOS = {"GET /api/message_groups": "api_message_groups.lua",
             "POST /api/messages": "api_post_message.lua"}


class App(stack.App):
    """`cruddur serve` on an engine's endpoint (tests/stack.py), with --threads when given."""

    def __init__(self, endpoint, worker, threads=None, extra_args=()):
        super().__init__(endpoint, worker=worker,
                         extra_args=[*(["--threads", str(threads)] if threads else []),
                                     *extra_args])


class Arrivals:
    """One /api/events stream, read on a thread: when each message event arrived, by uuid."""

    def __init__(self, app, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=60)
        self.conn.request("GET", "/api/events", headers={"Authorization": f"Bearer {token}"})
        response = self.conn.getresponse()
        assert response.status == 200, response.status
        self.arrived, self.ready = {}, threading.Condition()
        threading.Thread(target=self._read, args=(response,), daemon=True).start()

    def _read(self, response):
        kind = ""
        try:
            for raw in response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind == "message":
                    at = time.perf_counter()
                    with self.ready:
                        self.arrived[json.loads(line[6:])["uuid"]] = at
                        self.ready.notify_all()
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            pass

    def wait(self, uuid, seconds=10):
        with self.ready:
            if not self.ready.wait_for(lambda: uuid in self.arrived, seconds):
                raise RuntimeError(f"message {uuid} never arrived on the event stream")
            return self.arrived[uuid]

    def close(self):
        self.conn.close()


def idle_streams(app, token, count):
    """`count` open /api/events streams nobody reads from (their events are few)."""
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", app.port))
        s.sendall(f"GET /api/events HTTP/1.1\r\nHost: bench\r\n"
                  f"Authorization: Bearer {token}\r\n\r\n".encode())
        sockets.append(s)
    for s in sockets:
        assert s.recv(4096).startswith(b"HTTP/1.1 200"), "an idle stream was refused"
    return sockets


def event_latency(app, posts, open_streams):
    """Milliseconds from sending each POST (by andrewbrown) to its message event arriving on
    bayko's stream, with `open_streams` streams open in all (the others londo's, idle)."""
    andrew, bayko, londo = (app.token(h) for h in ("andrewbrown", "bayko", "londo"))
    others = idle_streams(app, londo, open_streams - 1)
    stream = Arrivals(app, bayko)
    latencies = []
    try:
        for i in range(posts):
            sent = time.perf_counter()
            message = app.call("POST", "/api/messages",
                               {"message": f"event probe {i}", "message_group_uuid": GROUP},
                               andrew)
            latencies.append((stream.wait(message["uuid"]) - sent) * 1000)
    finally:
        stream.close()
        for s in others:
            s.close()
    return sorted(latencies)


def unchanged_inbox_reads(app, gets):
    """The GETs of an unchanged inbox that read DynamoDB (X-Cache: miss, or no cache at all)."""
    token = app.token("bayko")
    app.request("GET", "/api/message_groups", token=token)  # the first read fills the cache
    reads = 0
    for _ in range(gets):
        status, _, headers = app.request("GET", "/api/message_groups", token=token)
        assert status == 200
        reads += headers.get("X-Cache") != "hit"
    return reads


def inbox_latency(app, posts):
    """Milliseconds from each acknowledged POST to bayko's inbox listing it first."""
    andrew, bayko = app.token("andrewbrown"), app.token("bayko")
    latencies = []
    for i in range(posts):
        text = f"latency probe {i}"
        app.call("POST", "/api/messages", {"message": text, "message_group_uuid": GROUP}, andrew)
        acknowledged = time.perf_counter()
        deadline = acknowledged + 10
        while app.call("GET", "/api/message_groups", token=bayko)[0]["message"] != text:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"the inbox never showed {text!r}")
        latencies.append((time.perf_counter() - acknowledged) * 1000)
    return sorted(latencies)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--posts", type=int, default=500, help="POSTs timed to the inbox")
    parser.add_argument("--streams", type=int, default=1000,
                        help="event streams open for the second event latency (default 1000)")
    parser.add_argument("--serve-threads", type=int, help="cruddur serve's --threads "
                        "(default: its own default)")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run([str(ROOT / "scripts" / "build")], check=True, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is not installed (scripts/setup installs it)")
    dynalite_cli = ensure_dynalite()
    db_dir = tempfile.mkdtemp(prefix="ddb-bench-")
    ours = Peer("ddb-server", lambda port: [str(ROOT / "build/bin/ddb-server"), "--host",
                                            "127.0.0.1", "--port", str(port), "--db-path", db_dir])
    theirs = Peer("dynalite", lambda port: ["node", str(dynalite_cli), "--port", str(port)])
    results, latencies, cache_results, reads, events = {}, None, {}, {}, {}
    # A thousand streams need a thousand descriptors on each side (serve inherits the limit).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * args.streams + 1024)), hard))

    def on(peer, worker, work, extra_args=()):
        shutil.rmtree(db_dir, ignore_errors=True)
        peer.start()
        app = App(peer.endpoint, worker, args.serve_threads, extra_args)
        try:
            work(app)
        finally:
            app.stop()
            peer.stop()

    def load(peer):
        def work(app):
            env = {"CRUDDUR_TOKEN": app.token("andrewbrown"), "CRUDDUR_GROUP": GROUP}
            for scenario, script in SCENARIOS.items():
                results[(scenario, peer.name)] = wrk(f"http://127.0.0.1:{app.port}", [script],
                                                     args.duration, args.connections, 1, env)
        return work

    def measure_latency(app):
        nonlocal latencies
        latencies = inbox_latency(app, args.posts)
        for streams in (1, args.streams):
            events[streams] = event_latency(app, args.posts, streams)

    def inbox_with(cache):
        def work(app):
            env = {"CRUDDUR_TOKEN": app.token("andrewbrown"), "CRUDDUR_GROUP": GROUP}
            cache_results[cache] = wrk(f"http://127.0.0.1:{app.port}",
                                       [SCENARIOS["GET /api/message_groups"]], args.duration,
                                       args.connections, 1, env)
            reads[cache] = unchanged_inbox_reads(app, 200)
        return work

    try:
        # Under wrk both run without the worker (dynalite has no stream), so the ratio compares
        # like with like; the inbox latency is then measured on ddb-server with the worker.
        on(ours, False, load(ours))
        on(theirs, False, load(theirs))
        on(ours, True, measure_latency, ["--max-event-streams", str(args.streams)])
        for cache in ("none", "memory"):
            on(ours, True, inbox_with(cache), ["--cache", cache])
    finally:
        shutil.rmtree(db_dir, ignore_errors=True)

    print(f"\ncruddur serve --no-stream-worker on ddb-server (durable) vs on dynalite (in memory); "
          f"wrk -t1 -c{args.connections} -d{args.duration}s\n")
    errors = print_comparison("request", list(SCENARIOS), results)
    p = lambda q: percentile(latencies, q)
    print(f"\nPOST /api/messages -> bayko's inbox shows it (worker inside serve, ddb-server), "
          f"{len(latencies)} posts: p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms, "
          f"max {latencies[-1]:.2f} ms")
    print(f"\nGET /api/message_groups with the stream worker inside serve (ddb-server, durable), "
          f"wrk -t1 -c{args.connections} -d{args.duration}s, then 200 GETs of an unchanged inbox:")
    for cache in ("none", "memory"):
        r = cache_results[cache]
        errors += r["errors"]
        print(f"  --cache {cache:<7}{r['rps']:>10,.0f} req/s  p50 {r['p50']:.2f} ms  "
              f"p99 {r['p99']:.2f} ms  DynamoDB reads per unchanged GET: {reads[cache] / 200:.2f}")
    print(f"  cache / no cache: {cache_results['memory']['rps'] / cache_results['none']['rps']:.2f}x")
    for streams, measured in events.items():
        q = lambda x: percentile(measured, x)
        print(f"POST sent -> its event on bayko's /api/events stream, {streams} stream"
              f"{'s' if streams > 1 else ''} open, {len(measured)} posts: p50 {q(0.5):.2f} ms, "
              f"p99 {q(0.99):.2f} ms, max {measured[-1]:.2f} ms")
    if errors:
        print("\nINVALID RUN: some requests failed (see the errors column)")
        sys.exit(1)


if __name__ == "__main__":
    main()
