"""bench/flamegraph.py, which bench/profile draws its flame graphs with: perf's samples folded
into stacks, and the SVG drawn from them."""
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import flamegraph  # noqa: E402

# `perf script` output of three samples, as perf 6.1 prints them.
PERF_SCRIPT = """\
ddb-server 17186 60671.400721:     250000 cpu-clock: 
\t           97612 _int_malloc+0x2b2 (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t               0 [unknown] ([unknown])

rocksdb:low 17190 60671.400966:     250000 cpu-clock: 
\tffffffff82250cc5 _raw_write_unlock_bh+0x5 ([kernel.kallsyms])
\tffffffff8223c951 do_syscall_64+0x71 ([kernel.kallsyms])
\t           f8a1a __close+0x3a (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t          1ea7db rocksdb::(anonymous namespace)::Flush+0x130b (/work/build/bin/ddb-server)

ddb-server 17186 60671.407011:     250000 cpu-clock: 
\t          317047 [unknown] (/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30)
\t          15de9c ddb::Engine::write_batch+0x4c (/work/build/bin/ddb-server)

ddb-server 17186 60671.407255:     250000 cpu-clock: 
\t          97612 _int_malloc+0x10 (/usr/lib/x86_64-linux-gnu/libc.so.6)
"""


def test_samples_fold_into_stacks_from_the_thread_outward_to_the_innermost_frame():
    assert flamegraph.fold(PERF_SCRIPT) == {
        "ddb-server;_int_malloc": 2,
        "rocksdb:low;rocksdb::(anonymous namespace)::Flush;__close;do_syscall_64 [k];"
        "_raw_write_unlock_bh [k]": 1,
        "ddb-server;ddb::Engine::write_batch;[libstdc++.so.6.0.30]": 1,
    }


def test_the_functions_with_most_samples_of_their_own_come_first():
    top = flamegraph.top_functions(flamegraph.fold(PERF_SCRIPT), 2)
    assert top[0] == ("_int_malloc", 2)
    assert len(top) == 2


def test_each_frame_is_a_box_as_wide_as_its_share_of_the_samples():
    folded = {"main;a;b": 3, "main;c": 1}
    svg = ElementTree.fromstring(flamegraph.render(folded, "t <&>"))
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    widths = {}
    for group in svg.findall("svg:g", namespace):
        name = group.find("svg:title", namespace).text.split(" (")[0]
        widths[name] = float(group.find("svg:rect", namespace).get("width"))
    assert set(widths) == {"all", "main", "a", "b", "c"}
    assert widths["all"] == widths["main"] == flamegraph.WIDTH
    assert abs(widths["a"] - 0.75 * flamegraph.WIDTH) < 0.1
    assert abs(widths["b"] - widths["a"]) < 0.1
    assert abs(widths["c"] - 0.25 * flamegraph.WIDTH) < 0.1
    assert "t <&> (4 samples)" in "".join(svg.itertext())
