"""Load `cruddur serve` with wrk, on ddb-server and on dynalite in the same command.

Each engine gets the seed (the demo users and conversation) and its own
`cruddur serve --dev-auth`; wrk then loads GET /api/message_groups and POST /api/messages as
andrewbrown, with no stream worker on either (dynalite has no streams). Then, on ddb-server with
the worker inside `serve`, the time from an acknowledged POST to the other member's inbox
showing it.
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
import time

from run import ROOT, Peer, ensure_dynalite, percentile, print_comparison, stack, wrk

GROUP = stack.DEMO_GROUP  # andrewbrown and bayko, in the seed
SCENARIOS = {"GET /api/message_groups": "api_message_groups.lua",
             "POST /api/messages": "api_post_message.lua"}


class App(stack.App):
    """`cruddur serve` on an engine's endpoint (tests/stack.py), with --threads when given."""

    def __init__(self, endpoint, worker, threads=None):
        super().__init__(endpoint, worker=worker,
                         extra_args=["--threads", str(threads)] if threads else [])


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
    results, latencies = {}, None

    def on(peer, worker, work):
        shutil.rmtree(db_dir, ignore_errors=True)
        peer.start()
        app = App(peer.endpoint, worker, args.serve_threads)
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

    try:
        # Under wrk both run without the worker (dynalite has no stream), so the ratio compares
        # like with like; the inbox latency is then measured on ddb-server with the worker.
        on(ours, False, load(ours))
        on(theirs, False, load(theirs))
        on(ours, True, measure_latency)
    finally:
        shutil.rmtree(db_dir, ignore_errors=True)

    print(f"\ncruddur serve --no-stream-worker on ddb-server (durable) vs on dynalite (in memory); "
          f"wrk -t1 -c{args.connections} -d{args.duration}s\n")
    errors = print_comparison("request", list(SCENARIOS), results)
    p = lambda q: percentile(latencies, q)
    print(f"\nPOST /api/messages -> bayko's inbox shows it (worker inside serve, ddb-server), "
          f"{len(latencies)} posts: p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms, "
          f"max {latencies[-1]:.2f} ms")
    if errors:
        print("\nINVALID RUN: some requests failed (see the errors column)")
        sys.exit(1)


if __name__ == "__main__":
    main()
