"""Load `cruddur serve` with wrk, on ddb-server and on dynalite in the same command.

Each engine gets the seed (CRUDDUR.md's users, conversations and messages) and its own
`cruddur serve --dev-auth`; wrk then loads GET /api/message_groups and POST /api/messages as
andrewbrown, with no stream worker on either (dynalite has no streams). Then, on ddb-server with
the worker inside `serve`, the time from an acknowledged POST to the other member's inbox
showing it.
"""
import argparse
import http.client
import json
import shutil
import subprocess
import sys
import tempfile
import time

from run import ROOT, Peer, ensure_dynalite, free_port, percentile, print_comparison, wrk

CRUDDUR = ROOT / "build" / "bin" / "cruddur"
GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399"  # andrewbrown and bayko, in the seed
SCENARIOS = {"GET /api/message_groups": "api_message_groups.lua",
             "POST /api/messages": "api_post_message.lua"}


class App:
    """`cruddur serve` on an engine's endpoint, with its own data directory."""

    def __init__(self, endpoint, worker, threads=None):
        self.data = tempfile.mkdtemp(prefix="cruddur-bench-")
        common = ["--ddb-endpoint", endpoint, "--data-dir", self.data]
        for command in (["db", "setup"], ["ddb", "schema-load"], ["ddb", "seed"]):
            subprocess.run([str(CRUDDUR), *command, *common], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(CRUDDUR), "serve", "--dev-auth", "--port", str(self.port), *common,
             *([] if worker else ["--no-stream-worker"]),
             *(["--threads", str(threads)] if threads else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.conn = None
        deadline = time.time() + 10
        while True:
            try:
                self.token("andrewbrown")
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.02)

    def request(self, method, path, body=None, token=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            self.conn.request(method, path, body=json.dumps(body) if body else None,
                              headers=headers)
            response = self.conn.getresponse()
        except OSError:
            self.conn = None
            raise
        data = json.loads(response.read())
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {data}")
        return data

    def token(self, handle):
        return self.request("POST", "/api/dev/sign_in", {"handle": handle})["access_token"]

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.data, ignore_errors=True)


def inbox_latency(app, posts):
    """Milliseconds from each acknowledged POST to bayko's inbox listing it first."""
    andrew, bayko = app.token("andrewbrown"), app.token("bayko")
    latencies = []
    for i in range(posts):
        text = f"latency probe {i}"
        app.request("POST", "/api/messages", {"message": text, "message_group_uuid": GROUP},
                    andrew)
        acknowledged = time.perf_counter()
        deadline = acknowledged + 10
        while app.request("GET", "/api/message_groups", token=bayko)[0]["message"] != text:
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
