// Engine: filling a global secondary index created on a table that already has items, item by
// item under each item's lock, then publishing it ACTIVE.
#include <rocksdb/db.h>

#include "ddb/storage/engine.h"
#include "ddb/storage/keys.h"
#include "ddb/storage/layout.h"
#include "ddb/storage/write_set.h"
#include "ddb/value/binary_codec.h"

namespace ddb {

void Engine::backfill(std::string table_name, std::string index_name) {
  // Writes that started before the new definition was published may still commit without the
  // index: let them finish before reading the table.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto table = find_table(table_name);
  if (!table) return;
  const IndexDef* index = table->find_index(index_name);
  if (!index) return;
  std::string begin = keys::space_prefix(table->id, 0);
  std::string end = keys::space_prefix(table->id, 1);
  rocksdb::ReadOptions read_options;
  rocksdb::Slice upper(end);
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it = data_iterator(read_options);
  for (it->Seek(begin); it->Valid() && !stopping_; it->Next()) {
    std::string key = it->key().ToString();
    // Under the item's lock, from the current item: a concurrent write has either already
    // written this entry (same bytes) or will see the index in the new definition.
    KeyLocks::Guard lock = locks_.lock_keys(key);
    if (!find_table(table_name)) return;
    Item item;
    if (!get(key, &item)) continue;
    std::optional<std::string> entry_key = keys::index_key(*table, *index, item);
    if (!entry_key) continue;
    std::string existing;
    if (db_->Get(rocksdb::ReadOptions(), data_, *entry_key, &existing).ok()) continue;
    Item entry = layout::project_for_index(*table, *index, item);
    WriteSet batch;
    batch.batch.Put(data_, *entry_key, encode_item_binary(entry));
    stage_stats(batch, table->id, index->id, 1, static_cast<int64_t>(item_size(entry)));
    write(batch);
  }
  if (stopping_) return;
  // Publish the index as ACTIVE (unless the table or index changed meanwhile).
  std::unique_lock lock(catalog_mutex_);
  auto found = tables_.find(table_name);
  if (found == tables_.end() || found->second->id != table->id) return;
  TableDef def = *found->second;
  bool changed = false;
  for (auto& i : def.indexes) {
    if (i.name == index_name && i.status == "CREATING") {
      i.status = "ACTIVE";
      changed = true;
    }
  }
  if (!changed) return;
  rocksdb::WriteBatch batch;
  batch.Put(catalog_, layout::table_key(def.name), def.to_json());
  write_batch(batch);
  found->second = std::make_shared<const TableDef>(std::move(def));
}

}  // namespace ddb
