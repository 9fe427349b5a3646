// Engine: the catalog — tables, their indexes and streams — persisted in the catalog family and
// published as immutable definitions.
#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "ddb/storage/engine.h"
#include "ddb/storage/keys.h"
#include "ddb/storage/layout.h"
#include "ddb/value/key_encoding.h"

namespace ddb {

void Engine::load_catalog() {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), catalog_));
  for (it->Seek(std::string(1, layout::kTablePrefix));
       it->Valid() && it->key()[0] == layout::kTablePrefix; it->Next()) {
    auto def = std::make_shared<TableDef>(TableDef::from_json(it->value().ToStringView()));
    next_table_id_ = std::max(next_table_id_, def->id + 1);
    tables_.emplace(def->name, std::move(def));
  }
  for (it->Seek(std::string(1, layout::kStreamPrefix));
       it->Valid() && it->key()[0] == layout::kStreamPrefix; it->Next()) {
    auto def = std::make_shared<StreamDef>(StreamDef::from_json(it->value().ToStringView()));
    next_stream_id_ = std::max(next_stream_id_, def->id + 1);
    next_sequence_ = std::max(next_sequence_, def->first_sequence);
    streams_.emplace(def->id, std::move(def));
  }
  {
    // Sequence numbers carry on after the highest one stored.
    std::unique_ptr<rocksdb::Iterator> records(
        db_->NewIterator(rocksdb::ReadOptions(), streams_cf_));
    for (const auto& [id, _] : streams_) {
      records->SeekForPrev(stream_record_key(id, UINT64_MAX));
      if (records->Valid() && records->key().size() == 12) {
        uint32_t stored_id = static_cast<uint32_t>(read_u64_be(records->key().data()) >> 32);
        if (stored_id == id) {
          next_sequence_ = std::max(next_sequence_, read_u64_be(records->key().data() + 4) + 1);
        }
      }
    }
  }
  std::string next;
  if (db_->Get(rocksdb::ReadOptions(), catalog_, layout::kNextTableId, &next).ok() &&
      next.size() == 4) {
    uint32_t stored;
    std::memcpy(&stored, next.data(), 4);
    next_table_id_ = std::max(next_table_id_, stored);
  }
}

std::shared_ptr<const TableDef> Engine::find_table(std::string_view name) const {
  std::shared_lock lock(catalog_mutex_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<std::string> Engine::table_names() const {
  std::shared_lock lock(catalog_mutex_);
  std::vector<std::string> names;
  names.reserve(tables_.size());
  for (const auto& [name, _] : tables_) names.push_back(name);
  return names;
}

std::shared_ptr<const TableDef> Engine::create_table(TableDef def) {
  wait_open();
  std::unique_lock lock(catalog_mutex_);
  if (tables_.count(def.name)) return nullptr;
  def.id = next_table_id_++;
  uint16_t index_id = 1;
  for (auto& index : def.indexes) index.id = index_id++;
  rocksdb::WriteBatch batch;
  if (def.stream_enabled) open_stream(def, batch);
  batch.Put(catalog_, layout::table_key(def.name), def.to_json());
  uint32_t next = next_table_id_;
  batch.Put(catalog_, layout::kNextTableId,
            rocksdb::Slice(reinterpret_cast<const char*>(&next), 4));
  write_batch(batch);
  auto shared = std::make_shared<const TableDef>(std::move(def));
  tables_.emplace(shared->name, shared);
  return shared;
}

std::shared_ptr<const TableDef> Engine::delete_table(std::string_view name) {
  wait_open();
  std::unique_lock lock(catalog_mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return nullptr;
  std::shared_ptr<const TableDef> def = it->second;
  rocksdb::WriteBatch batch;
  if (def->stream_enabled) close_stream(def->stream_id, batch);
  batch.Delete(catalog_, layout::table_key(def->name));
  std::string begin;
  append_u32_be(begin, def->id);
  std::string end;
  append_u32_be(end, def->id + 1);
  batch.DeleteRange(data_, begin, end);
  batch.DeleteRange(catalog_, std::string(1, layout::kStatsPrefix) + begin,
                    std::string(1, layout::kStatsPrefix) + end);
  write_batch(batch);
  forget_counters(def->id, std::nullopt);
  tables_.erase(it);
  return def;
}

std::shared_ptr<const TableDef> Engine::replace_table(TableDef def) {
  wait_open();
  std::shared_ptr<const TableDef> published;
  std::vector<std::string> to_backfill;
  bool ttl_enabled_now = false;
  {
    std::unique_lock lock(catalog_mutex_);
    auto it = tables_.find(def.name);
    if (it == tables_.end()) return nullptr;
    const TableDef& old = *it->second;
    rocksdb::WriteBatch batch;
    std::vector<uint16_t> dropped;
    for (const auto& index : old.indexes) {
      if (def.find_index(index.name)) continue;
      batch.DeleteRange(data_, keys::space_prefix(old.id, index.id),
                        keys::space_prefix(old.id, index.id + 1));
      batch.Delete(catalog_, layout::stats_key(old.id, index.id));
      dropped.push_back(index.id);
    }
    for (const auto& index : def.indexes) {
      if (index.status == "CREATING" && !old.find_index(index.name))
        to_backfill.push_back(index.name);
    }
    if (def.ttl_attribute != old.ttl_attribute) {
      // The queue of the old attribute goes; the new one is filled from the items.
      batch.DeleteRange(data_, keys::space_prefix(old.id, layout::kTtlSpace),
                        keys::space_prefix(old.id + 1, 0));
      ttl_enabled_now = !def.ttl_attribute.empty();
    }
    if (old.stream_enabled && (!def.stream_enabled || def.stream_label != old.stream_label)) {
      close_stream(old.stream_id, batch);
      def.stream_id = 0;
    }
    if (def.stream_enabled && !def.stream_id) open_stream(def, batch);
    batch.Put(catalog_, layout::table_key(def.name), def.to_json());
    write_batch(batch);
    for (uint16_t index_id : dropped) forget_counters(def.id, index_id);
    published = std::make_shared<const TableDef>(std::move(def));
    it->second = published;
  }
  if (ttl_enabled_now) start_background([this, table = published->name] { backfill_ttl(table); });
  for (auto& name : to_backfill) {
    start_background([this, table = published->name, name] { backfill(table, name); });
  }
  return published;
}

void Engine::open_stream(TableDef& def, rocksdb::WriteBatch& batch) {
  StreamDef stream;
  stream.id = next_stream_id_++;
  stream.table_name = def.name;
  stream.table_arn = def.arn;
  stream.label = def.stream_label;
  stream.view_type = def.stream_view_type;
  stream.key = def.key;
  stream.created = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count() /
                   1000.0;
  {
    std::lock_guard lock(sequence_mutex_);
    stream.first_sequence = next_sequence_;
  }
  batch.Put(catalog_, layout::stream_key(stream.id), stream.to_json());
  def.stream_id = stream.id;
  streams_[stream.id] = std::make_shared<const StreamDef>(std::move(stream));
}

void Engine::close_stream(uint32_t stream_id, rocksdb::WriteBatch& batch) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  StreamDef stream = *it->second;
  stream.enabled = false;
  {
    std::lock_guard lock(sequence_mutex_);
    stream.last_sequence = next_sequence_ - 1;
  }
  batch.Put(catalog_, layout::stream_key(stream.id), stream.to_json());
  it->second = std::make_shared<const StreamDef>(std::move(stream));
}

}  // namespace ddb
