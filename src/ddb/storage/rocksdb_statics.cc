// RocksDB's deferred static constructors: see rocksdb_statics.h.
#include "ddb/storage/rocksdb_statics.h"

#include <mutex>

namespace {

using Constructor = void (*)();

}  // namespace

// The linker defines these around the output section of the renamed .init_array sections
// (section names that are C identifiers get __start_/__stop_ symbols). Weak: with RocksDB's
// archive as Debian ships it there is no such section, both are null, and there is nothing to run.
extern "C" {
extern const Constructor __start_ddb_rocksdb_init[] __attribute__((weak));
extern const Constructor __stop_ddb_rocksdb_init[] __attribute__((weak));
}

namespace ddb {

void run_rocksdb_static_constructors() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const Constructor* c = __start_ddb_rocksdb_init; c != __stop_ddb_rocksdb_init; ++c) (*c)();
  });
}

}  // namespace ddb
