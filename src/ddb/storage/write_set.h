// WriteSet: everything one atomic storage write commits — the RocksDB batch, the stream records
// waiting for their sequence numbers, and the changes to table and index counters that apply
// once the batch is committed. Internal to storage: operations never see one.
#pragma once

#include <rocksdb/write_batch.h>

#include <vector>

#include "ddb/storage/space_counters.h"
#include "ddb/storage/stream_log.h"

namespace ddb {

struct WriteSet {
  rocksdb::WriteBatch batch;
  std::vector<PendingStreamRecord> stream_records;
  std::vector<StatDelta> stat_deltas;
};

}  // namespace ddb
