"""Profile ddb-server under one wrk scenario with Debian's perf.

Starts ddb-server as bench/run does (durable on disk, one I/O thread, unless told otherwise),
gives it bench/run's preload, warms it up, then samples it with `perf record` while wrk runs the
scenario. Writes to build/: profile-<scenario>.data (perf's own record, for `perf report -i`),
flame-<scenario>.folded (folded stacks) and flame-<scenario>.svg (a flame graph, for a browser);
prints wrk's figures and the functions with the most samples of their own.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import flamegraph
import run

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", default="put_item",
                        help="a bench/wrk script without .lua (default put_item)")
    parser.add_argument("--duration", type=int, default=8, help="seconds sampled")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--server-threads", type=int, default=1, help="ddb-server I/O threads")
    parser.add_argument("--in-memory", action="store_true", help="ddb-server in memory")
    parser.add_argument("--frequency", type=int, default=2000, help="samples a second")
    parser.add_argument("--call-graph", default="fp",
                        help="perf's unwinding: fp (cheap; stacks stop at code built without "
                             "frame pointers) or dwarf (whole stacks, heavier)")
    parser.add_argument("--binary", default=str(BUILD / "bin" / "ddb-server"))
    args = parser.parse_args()
    for tool, package in (("perf", "linux-perf"), ("wrk", "wrk")):
        if not shutil.which(tool):
            sys.exit(f"bench/profile: {tool} is not installed (apt-get install {package})")
    script = run.BENCH / "wrk" / f"{args.scenario}.lua"
    if not script.exists():
        sys.exit(f"bench/profile: no scenario {args.scenario} (bench/wrk/{args.scenario}.lua)")

    data_dir = tempfile.mkdtemp(prefix="ddb-profile-")
    mode = ["--in-memory"] if args.in_memory else ["--db-path", data_dir]
    server = run.Peer("ddb-server", lambda port: [
        args.binary, "--host", "127.0.0.1", "--port", str(port),
        "--threads", str(args.server_threads), *mode])
    record = BUILD / f"profile-{args.scenario}.data"
    scripts = ["common.lua", f"{args.scenario}.lua"]
    try:
        server.start()
        run.preload(server.endpoint)
        if "2x2" in args.scenario:
            run.preload_composite(server.endpoint)
        run.wrk(server.endpoint, scripts, 2, args.connections, args.threads)
        perf = subprocess.Popen(
            ["perf", "record", "-q", "-e", "cpu-clock", "-F", str(args.frequency),
             "--call-graph", args.call_graph, "-p", str(server.process.pid), "-o", str(record)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(0.3)  # perf attaches to every thread before the load starts
        if perf.poll() is not None:
            sys.exit("bench/profile: perf record failed: " + perf.stderr.read().strip())
        result = run.wrk(server.endpoint, scripts, args.duration, args.connections, args.threads)
        perf.send_signal(signal.SIGINT)
        perf.wait(60)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    text = subprocess.run(["perf", "script", "-i", str(record)], capture_output=True, text=True,
                          check=True).stdout
    folded = flamegraph.fold(text)
    total = sum(folded.values())
    folded_path = BUILD / f"flame-{args.scenario}.folded"
    folded_path.write_text("".join(f"{stack} {samples}\n" for stack, samples in folded.items()))
    svg_path = BUILD / f"flame-{args.scenario}.svg"
    title = (f"ddb-server, {args.scenario}, {'in memory' if args.in_memory else 'durable'}, "
             f"wrk -t{args.threads} -c{args.connections}: {result['rps']:,.0f} req/s")
    svg_path.write_text(flamegraph.render(folded, title))

    print(f"{args.scenario}: {result['rps']:,.0f} req/s, p50 {result['p50']:.2f} ms, "
          f"p99 {result['p99']:.2f} ms, {result['errors']} errors (under perf)")
    print(f"{total:,} samples; the functions with the most samples of their own:")
    for name, samples in flamegraph.top_functions(folded, 20):
        print(f"{100 * samples / max(total, 1):6.2f}%  {name[:110]}")
    print(f"\nflame graph: {os.path.relpath(svg_path)}   folded stacks: "
          f"{os.path.relpath(folded_path)}   perf report -i {os.path.relpath(record)}")


if __name__ == "__main__":
    main()
