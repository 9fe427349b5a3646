"""bench/run --scale (bench/scale.py) against real ddb-servers and wrk, on tables small enough for
a test: a table of each size on a server of its own, every size measured in every round, and
the figures it reports made of those rounds."""
import sys

from conftest import ROOT
from stack import SERVER_BINARY

sys.path.insert(0, str(ROOT / "bench"))
import run  # noqa: E402  bench/run.py
import scale  # noqa: E402  bench/scale.py


def test_each_size_is_loaded_on_its_own_server_and_measured_in_every_round(tmp_path):
    made = []

    def make_server(directory):
        made.append(directory)
        return run.Peer("ddb-server", lambda port: [
            str(SERVER_BINARY), "--host", "127.0.0.1", "--port", str(port), "--threads", "1",
            "--db-path", directory])

    measured = []

    def wrk(url, scripts, duration, connections, threads, env):
        measured.append((url, scripts[-1], env["BENCH_CONVERSATIONS"]))
        return run.wrk(url, scripts, duration, connections, threads, env)

    rows = scale.run(make_server, str(tmp_path / "scale"), [400, 1000], 1, 4, 1, wrk, rounds=2,
                      settle_seconds=0)

    assert len(set(made)) == 2
    assert [row["items"] for row in rows] == [400, 1000]
    assert all(row["load_rate"] > 0 and row["disk"] > 0 for row in rows)
    # Tables this small leave nothing to flush or compact: each settles in its first quiet second.
    assert all(1 <= row["settled"] < 10 for row in rows)
    # Round after round, each size in turn, both scenarios, each over its own table's keys.
    sizes = [conversations for _, scenario, conversations in measured if scenario == "query.lua"]
    assert sizes == ["20", "50", "20", "50"]
    assert len({url for url, _, _ in measured}) == 2
    for row in rows:
        assert len(row["rounds"]) == 2
        for scenario in ("get_item", "query"):
            figures = row[scenario]
            assert figures["errors"] == 0
            rates = sorted(r[scenario]["rps"] for r in row["rounds"])
            assert rates[0] <= figures["rps"] <= rates[-1] and figures["rps"] > 0
    assert rows[0]["get_item"]["vs_first"] == 1.0 and rows[0]["query"]["vs_first"] == 1.0
    assert all(row[scenario]["cpu_us"] > 0 for row in rows for scenario in ("get_item", "query"))
    # The tables are gone with their servers.
    assert not (tmp_path / "scale").exists()
    scale.report(rows, 1, 4, 1)
