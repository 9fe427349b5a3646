"""bench-start (bench/start_timer.cc), bench/run's start-up timer, against real servers: it times a
ddb-server from its spawn to its first answered ListTables and stops it, and refuses to report a
time for a server that exits first or answers with an error."""
import subprocess
import sys

from conftest import ROOT
from stack import SERVER_BINARY, free_port

TIMER = ROOT / "build" / "bin" / "bench-start"


def run_timer(port, *command):
    return subprocess.run([str(TIMER), str(port), *map(str, command)], capture_output=True,
                          text=True, timeout=60)


def test_times_an_in_memory_start_to_its_first_list_tables_and_stops_the_server():
    port = free_port()
    out = run_timer(port, SERVER_BINARY, "--host", "127.0.0.1", "--port", port, "--in-memory")
    assert out.returncode == 0, out.stderr
    assert 0 < float(out.stdout) < 30000
    # Stopped: the port is free again, so another server can take it at once.
    again = run_timer(port, SERVER_BINARY, "--host", "127.0.0.1", "--port", port, "--in-memory")
    assert again.returncode == 0, again.stderr


def test_a_server_that_exits_before_answering_gets_no_time():
    port = free_port()
    out = run_timer(port, SERVER_BINARY, "--port", port, "--no-such-option")
    assert out.returncode == 2 and out.stdout == ""
    assert "exited before answering" in out.stderr


def time_python_server(tmp_path, status, length_header, lifetime=None):
    """Times a Python HTTP/1.0 server that answers every POST with `status` and the body "{}",
    its length under the header name `length_header`, and exits after `lifetime` seconds if
    given."""
    script = tmp_path / "server.py"
    script.write_text(
        "import http.server, sys, threading\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        "    def do_POST(self):\n"
        "        self.rfile.read(int(self.headers['Content-Length']))\n"
        f"        self.send_response({status}); self.send_header('{length_header}', '2')\n"
        "        self.end_headers(); self.wfile.write(b'{}')\n"
        "    def log_message(self, *a): pass\n"
        "s = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H)\n"
        + (f"threading.Timer({lifetime}, lambda: s.shutdown()).start()\n" if lifetime else "")
        + "s.serve_forever()\n")
    port = free_port()
    return run_timer(port, sys.executable, script, port)


def test_an_answer_other_than_200_is_not_a_start(tmp_path):
    # A server answering every request with 500 never counts as started; the timer gives up
    # after its 30 s only if the server lives that long, so this one exits after 1 s.
    out = time_python_server(tmp_path, 500, "Content-Length", lifetime=1.0)
    assert out.returncode == 2 and out.stdout == ""
    assert "exited before answering" in out.stderr


def test_a_200_counts_whatever_the_case_of_its_content_length(tmp_path):
    # Header names are case-insensitive (RFC 9110 5.1); the timer reads the body by its length.
    out = time_python_server(tmp_path, 200, "CONTENT-length")
    assert out.returncode == 0, out.stderr
    assert 0 < float(out.stdout) < 30000
