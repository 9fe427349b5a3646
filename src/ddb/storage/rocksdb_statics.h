// RocksDB's static constructors, run when the engine first needs RocksDB rather than before main.
//
// The build links a copy of Debian's librocksdb.a whose .init_array sections are renamed
// ddb_rocksdb_init (CMakeLists.txt), so the loader no longer runs them at start: ~190
// constructors building RocksDB's option and property tables and name maps, ~130 page faults
// and ~3.3 ms of every start on a small VM, before main could even listen. An in-memory server
// opens its database on another thread while it listens; that thread now runs them too.
//
// Until run_rocksdb_static_constructors() has returned, RocksDB's namespace-scope objects are
// zero bytes, not the values they declare: nothing may call into RocksDB before it. Every path
// into RocksDB starts at Engine::open_database(), which calls it first.
#pragma once

namespace ddb {

// Runs the deferred constructors once, in link order (the order the loader would have used).
// Thread-safe: a concurrent call waits for the first to finish; later calls return at once.
// Linked against an unmodified archive, the loader has run them and this does nothing.
void run_rocksdb_static_constructors();

}  // namespace ddb
