"""Background work: compactions never hold a CPU a request wants (SCHED_IDLE); flushes, which
writes wait on once a memtable is full, run at normal priority so that they are never starved."""
from conftest import Server, make_client, stack, wait_for

SCHED_OTHER = 0  # linux/sched.h


def threads_of(pid):
    """(name, scheduling policy) of each thread of a process (proc(5): field 41)."""
    return [(name, int(fields[41 - 3])) for name, fields in stack.threads_of(pid)]


def test_the_flush_thread_runs_at_normal_priority_before_and_after_a_flush(tmp_path):
    # An idle-policy flush got next to no CPU while other processes kept every core busy, and
    # writes slowed and would have stopped (engine.cc). RocksDB starts its flush thread
    # (rocksdb:high) when the database opens and sets a pool's priority on a thread as it takes
    # a job, so the policy is read at open and again after a memtable (64 MB) has flushed. The
    # compaction threads (rocksdb:low) take theirs with their first compaction, which would
    # take four memtables' worth of writes.
    server = Server(db_path=str(tmp_path)).start()
    try:
        pid = server.process.pid
        wait_for(lambda: any(name == "rocksdb:high" for name, _ in threads_of(pid)), 10, 0.05,
                 "RocksDB's flush thread")
        threads = threads_of(pid)
        assert all(policy == SCHED_OTHER for name, policy in threads if name == "rocksdb:high"), \
            threads
        # The I/O threads run under the normal policy.
        assert any(name == "ddb-server" and policy == SCHED_OTHER for name, policy in threads), \
            threads

        client = make_client(server.endpoint)
        stack.create_table(client, "big", stack.CHAT_KEY)
        blob = "x" * 380_000
        for request in range(8):  # 8 x 25 items of ~380 KB: ~76 MB
            client.batch_write_item(RequestItems={"big": [
                {"PutRequest": {"Item": {"pk": {"S": f"p{request}-{i}"}, "sk": {"S": "s"},
                                         "blob": {"S": blob}}}} for i in range(25)]})
        log = tmp_path / "LOG"
        wait_for(lambda: "Level-0 flush table" in log.read_text(), 30, 0.1, "a flush")
        threads = threads_of(pid)
        assert all(policy == SCHED_OTHER for name, policy in threads if name == "rocksdb:high"), \
            threads
    finally:
        server.stop()
