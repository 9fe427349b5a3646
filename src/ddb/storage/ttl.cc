// Engine: Time to Live — each table's queue of expiry times, the sweeper that deletes expired
// items through the write path (emitting REMOVE records marked as the service's), and the
// queue's backfill when TTL is enabled on a table that has items.
#include <rocksdb/db.h>

#include "ddb/storage/engine.h"
#include "ddb/storage/keys.h"
#include "ddb/storage/layout.h"
#include "ddb/storage/write_set.h"
#include "ddb/value/key_encoding.h"

namespace ddb {

void Engine::ttl_sweeper_loop() {
  while (!stopping_) {
    for (int waited = 0; waited < options_.ttl_period_ms && !stopping_; waited += 50) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (stopping_) return;
    int64_t now = layout::now_seconds();
    for (const auto& name : table_names()) {
      auto table = find_table(name);
      if (table && !table->ttl_attribute.empty()) sweep_expired(*table, now);
    }
  }
}

void Engine::sweep_expired(const TableDef& table, int64_t now) {
  std::string begin = keys::space_prefix(table.id, layout::kTtlSpace);
  std::string end = begin;
  append_u64_be(end, static_cast<uint64_t>(now) + 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it = data_iterator(read_options);
  for (it->Seek(begin); it->Valid() && !stopping_; it->Next()) {
    std::string queue_key = it->key().ToString();
    std::string item_key = queue_key.substr(keys::kSpacePrefix + 8);
    if (claims_.claimed(item_key)) continue;  // a transaction has it: next sweep
    KeyLocks::Guard lock = locks_.lock_keys(item_key);
    auto current = find_table(table.name);
    if (!current || current->id != table.id || current->ttl_attribute != table.ttl_attribute)
      return;
    PriorItem prior = read_prior(*current, item_key, true);
    auto expiry =
        prior.exists ? layout::expiry_of(prior.item, current->ttl_attribute) : std::nullopt;
    WriteSet batch;
    if (!expiry || static_cast<int64_t>(*expiry) > now ||
        queue_key != layout::ttl_queue_key(table.id, *expiry, item_key)) {
      batch.batch.Delete(data_, queue_key);  // a stale entry
    } else if (now - static_cast<int64_t>(*expiry) > layout::kTtlIgnoredAgeSeconds) {
      continue;
    } else {
      stage_item_change(batch, *current, prior, nullptr, item_key, nullptr, /*by_ttl=*/true);
    }
    write(batch);
  }
}

void Engine::backfill_ttl(std::string table_name) {
  auto table = find_table(table_name);
  if (!table || table->ttl_attribute.empty()) return;
  std::string begin = keys::space_prefix(table->id, 0);
  std::string end = keys::space_prefix(table->id, 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it = data_iterator(read_options);
  for (it->Seek(begin); it->Valid() && !stopping_; it->Next()) {
    std::string key = it->key().ToString();
    KeyLocks::Guard lock = locks_.lock_keys(key);
    auto current = find_table(table_name);
    if (!current || current->id != table->id || current->ttl_attribute != table->ttl_attribute)
      return;
    Item item;
    if (!get(key, &item)) continue;
    if (auto expiry = layout::expiry_of(item, current->ttl_attribute)) {
      rocksdb::WriteBatch batch;
      batch.Put(data_, layout::ttl_queue_key(current->id, *expiry, key), "");
      write_batch(batch);
    }
  }
}

}  // namespace ddb
