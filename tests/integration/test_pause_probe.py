"""bench-pauses (bench/pause_probe.cc), bench/run's probe for pauses of the machine: it watches
every core for the time it is given and reports its figures in the shape bench/run reads."""
import os
import subprocess
import time

from conftest import ROOT

PROBE = ROOT / "build" / "bin" / "bench-pauses"


def test_watches_every_core_for_the_time_given_and_reports_consistent_figures():
    started = time.monotonic()
    out = subprocess.run([str(PROBE), "0.5"], capture_output=True, text=True, check=True,
                         timeout=30).stdout.split()
    elapsed_ms = (time.monotonic() - started) * 1000
    assert elapsed_ms >= 500
    figures = dict(zip(out[::2], map(float, out[1::2])))
    assert set(figures) == {"cores", "seconds", "gaps_over_1ms", "gaps_over_10ms", "longest",
                            "lost_per_core", "together"}
    assert figures["cores"] == os.cpu_count() and figures["seconds"] == 0.5
    assert 0 <= figures["together"] <= figures["gaps_over_10ms"] <= figures["gaps_over_1ms"]
    # Each gap counted is over 1 ms and lies within the time the probe ran.
    assert (figures["longest"] > 1) == (figures["gaps_over_1ms"] > 0)
    assert figures["longest"] <= elapsed_ms and figures["lost_per_core"] <= elapsed_ms


def test_spins_on_as_many_cores_as_asked():
    out = subprocess.run([str(PROBE), "0.2", "1"], capture_output=True, text=True, check=True,
                         timeout=30).stdout.split()
    figures = dict(zip(out[::2], map(float, out[1::2])))
    assert figures["cores"] == 1 and figures["together"] == figures["gaps_over_10ms"]


def test_a_time_or_a_core_count_out_of_range_is_refused():
    for bad in (["0"], ["-1"], ["soon"], ["1", "0"], ["1", str(os.cpu_count() + 1)]):
        out = subprocess.run([str(PROBE), *bad], capture_output=True, text=True, timeout=30)
        assert out.returncode == 2 and "usage" in out.stderr
