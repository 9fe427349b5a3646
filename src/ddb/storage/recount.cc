// Engine: the item and size counters — loaded after a clean shutdown, recounted in the
// background after a crash, and kept exact across tables and indexes deleted meanwhile.
#include <rocksdb/db.h>

#include <cstring>

#include "ddb/storage/engine.h"
#include "ddb/storage/keys.h"
#include "ddb/storage/layout.h"
#include "ddb/value/binary_codec.h"
#include "ddb/value/key_encoding.h"

namespace ddb {

void Engine::load_counters() {
  std::string clean;
  if (db_->Get(rocksdb::ReadOptions(), catalog_, layout::kCleanShutdown, &clean).ok()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), catalog_));
    for (it->Seek(std::string(1, layout::kStatsPrefix));
         it->Valid() && it->key()[0] == layout::kStatsPrefix; it->Next()) {
      if (it->key().size() != 1 + keys::kSpacePrefix || it->value().size() != 16) continue;
      const char* k = it->key().data() + 1;
      int64_t v[2];
      std::memcpy(v, it->value().data(), 16);
      counters_.set(
          static_cast<uint32_t>(read_u64_be(k) >> 32),
          static_cast<uint16_t>((static_cast<uint8_t>(k[4]) << 8) | static_cast<uint8_t>(k[5])),
          {v[0], v[1]});
    }
  } else {
    // The last run did not end cleanly: its saved counters are stale. Count what is there now,
    // in the background; writes from here on add their changes to the counters as usual.
    recounting_ = true;
    recount_finished_ = false;
    const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
    start_background([this, snapshot] { recount(snapshot); });
  }
  // Until the next clean shutdown, a crash must lead to a recount.
  rocksdb::WriteOptions options;
  options.sync = true;
  db_->Delete(options, catalog_, layout::kCleanShutdown);
}

SpaceStats Engine::stats(uint32_t table_id, uint16_t index_id) const {
  wait_open();
  // During a recount after a crash, wait for it a little: a small database is counted by then.
  // A large one is not, and an I/O thread must not stall for long: report the count so far (as
  // DynamoDB's own ItemCount, it may lag).
  if (recounting_) {
    std::unique_lock lock(recount_mutex_);
    recount_done_.wait_for(lock, std::chrono::seconds(2), [this] { return !recounting_; });
  }
  return counters_.get(table_id, index_id);
}

void Engine::recount(const rocksdb::Snapshot* snapshot) {
  std::map<std::pair<uint32_t, uint16_t>, SpaceStats> counted;
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  read_options.fill_cache = false;
  bool complete = true;
  {
    std::unique_ptr<rocksdb::Iterator> it = data_iterator(read_options);
    size_t seen = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (++seen % 4096 == 0 && stopping_) {
        complete = false;
        break;
      }
      rocksdb::Slice key = it->key();
      if (key.size() < keys::kSpacePrefix) continue;
      uint32_t table_id = static_cast<uint32_t>(read_u64_be(key.data()) >> 32);
      uint16_t index_id =
          static_cast<uint16_t>((static_cast<uint8_t>(key[4]) << 8) | static_cast<uint8_t>(key[5]));
      if (index_id == layout::kTtlSpace) continue;
      auto size = binary_item_size(it->value().ToStringView());
      SpaceStats& stats = counted[{table_id, index_id}];
      stats.item_count += 1;
      stats.size_bytes += static_cast<int64_t>(size.value_or(0));
    }
  }
  db_->ReleaseSnapshot(snapshot);
  {
    std::lock_guard lock(recount_mutex_);
    if (complete) {
      // Not for a table or index deleted since the snapshot: what it held then is gone, and an
      // index created since may carry the same id.
      for (const auto& [id, stats] : counted) {
        if (forgotten_tables_.count(id.first) || forgotten_indexes_.count(id)) continue;
        counters_.add({id.first, id.second, stats.item_count, stats.size_bytes});
      }
    }
    forgotten_tables_.clear();
    forgotten_indexes_.clear();
    recount_finished_ = complete;
    recounting_ = false;
  }
  recount_done_.notify_all();
}

void Engine::forget_counters(uint32_t table_id, std::optional<uint16_t> index_id) {
  {
    // Under the recount's lock, so that its result lands either before this (and is erased
    // with the rest) or after (and skips the table or index).
    std::lock_guard lock(recount_mutex_);
    if (recounting_) {
      if (index_id)
        forgotten_indexes_.insert({table_id, *index_id});
      else
        forgotten_tables_.insert(table_id);
    }
  }
  if (index_id)
    counters_.erase(table_id, *index_id);
  else
    counters_.erase_table(table_id);
}

void Engine::save_counters() {
  rocksdb::WriteBatch batch;
  for (const auto& entry : counters_.all()) {
    int64_t v[2] = {entry.stats.item_count, entry.stats.size_bytes};
    batch.Put(catalog_, layout::stats_key(entry.table_id, entry.index_id),
              rocksdb::Slice(reinterpret_cast<const char*>(v), sizeof v));
  }
  batch.Put(catalog_, layout::kCleanShutdown, "1");
  rocksdb::WriteOptions options;
  options.sync = true;
  db_->Write(options, &batch);
}

}  // namespace ddb
