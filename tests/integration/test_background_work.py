"""Background work (memtable flushes, compactions) never holds a CPU a request wants."""
import os

from conftest import wait_for

SCHED_IDLE = 5  # linux/sched.h


def threads_of(pid):
    """(name, scheduling policy) of each thread of a process, from /proc (proc(5): the policy
    is the 41st field of a task's stat)."""
    threads = []
    for task in os.listdir(f"/proc/{pid}/task"):
        stat = open(f"/proc/{pid}/task/{task}/stat").read()
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads.append((name, int(fields[41 - 3])))
    return threads


def test_the_flush_thread_runs_idle_so_a_waking_request_preempts_it(durable_server):
    # RocksDB starts its flush thread (rocksdb:high) when the database opens. Its compaction
    # threads (rocksdb:low) take their policy with their first job, which a test cannot
    # cause without writing a memtable's worth; both pools are set by the same call.
    pid = durable_server.process.pid
    wait_for(lambda: any(name == "rocksdb:high" for name, _ in threads_of(pid)), 10, 0.05,
             "RocksDB's flush thread")
    threads = threads_of(pid)
    assert all(policy == SCHED_IDLE for name, policy in threads if name == "rocksdb:high"), threads
    # The I/O threads stay under the normal policy.
    assert any(name == "ddb-server" and policy == 0 for name, policy in threads), threads
