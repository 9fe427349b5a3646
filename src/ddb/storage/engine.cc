#include "ddb/storage/engine.h"

#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/table.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "ddb/error.h"
#include "ddb/storage/keys.h"
#include "ddb/value/binary_codec.h"
#include "ddb/value/key_encoding.h"

namespace ddb {

namespace {

constexpr char kTablePrefix = 't';         // catalog: 't' + name -> TableDef JSON
constexpr char kStatsPrefix = 's';         // catalog: 's' + table id + index id -> counters
constexpr const char* kNextTableId = "n";  // catalog: next table id
constexpr char kIdempotencyPrefix = 'x';   // catalog: 'x' + token -> time, hash, response

// Counters are two int64 deltas (item count, bytes) added together by this merge operator, so
// concurrent writers never read-modify-write them.
class CounterAddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    int64_t sum[2] = {0, 0}, add[2] = {0, 0};
    if (existing && existing->size() == sizeof sum) std::memcpy(sum, existing->data(), sizeof sum);
    if (value.size() == sizeof add) std::memcpy(add, value.data(), sizeof add);
    sum[0] += add[0];
    sum[1] += add[1];
    new_value->assign(reinterpret_cast<const char*>(sum), sizeof sum);
    return true;
  }
  const char* Name() const override { return "CounterAddOperator"; }
};

std::string stats_key(uint32_t table_id, uint16_t index_id) {
  std::string key(1, kStatsPrefix);
  key += keys::space_prefix(table_id, index_id);
  return key;
}

void check(const rocksdb::Status& s, const char* what) {
  if (!s.ok()) throw std::runtime_error(std::string(what) + ": " + s.ToString());
}

// The attributes an index entry holds: its keys, the table's keys, and the projection.
Item project_for_index(const TableDef& table, const IndexDef& index, const Item& item) {
  if (index.projection == ProjectionType::ALL) return item;
  Item out = key_of(item, table.key);
  for (const auto& [name, v] : key_of(item, index.key)) out.insert_or_assign(name, v);
  if (index.projection == ProjectionType::INCLUDE) {
    for (const auto& name : index.non_key_attributes) {
      if (auto it = item.find(name); it != item.end()) out.insert_or_assign(name, it->second);
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<Engine> Engine::open(const EngineOptions& options) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->options_ = options;

  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_open_files = 512;
  db_options.keep_log_file_num = 2;
  db_options.recycle_log_file_num = 2;
  // Flushes and compactions yield the CPU to requests; they still run whenever requests wait.
  rocksdb::Env::Default()->LowerThreadPoolCPUPriority(rocksdb::Env::Priority::HIGH,
                                                      rocksdb::CpuPriority::kLow);
  rocksdb::Env::Default()->LowerThreadPoolCPUPriority(rocksdb::Env::Priority::LOW,
                                                      rocksdb::CpuPriority::kLow);
  if (options.in_memory) {
    engine->memory_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    db_options.env = engine->memory_env_.get();
  } else {
    std::error_code ec;
    std::filesystem::create_directories(options.path, ec);
    if (ec) throw std::runtime_error("cannot create " + options.path + ": " + ec.message());
  }

  rocksdb::BlockBasedTableOptions table_options;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions data_options;
  data_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  // A whole-key bloom filter on the memtable lets a write's read of the old item skip the
  // skip-list search when the key is new.
  data_options.memtable_whole_key_filtering = true;
  data_options.memtable_prefix_bloom_size_ratio = 0.05;
  rocksdb::ColumnFamilyOptions catalog_options;
  catalog_options.merge_operator = std::make_shared<CounterAddOperator>();

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, data_options}, {"catalog", catalog_options}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  std::string path = options.in_memory ? "/ddb-memory" : options.path;
  check(rocksdb::DB::Open(db_options, path, families, &handles, &raw), "open database");
  engine->db_.reset(raw);
  engine->data_ = handles[0];
  engine->catalog_ = handles[1];
  engine->write_options_.sync = options.sync;
  engine->load_catalog();
  // An index whose backfill a crash interrupted carries on (a backfill is idempotent).
  for (const auto& name : engine->table_names()) {
    for (const auto& index : engine->find_table(name)->indexes) {
      if (index.status != "CREATING") continue;
      Engine* e = engine.get();
      std::lock_guard lock(e->background_mutex_);
      e->background_.emplace_back(
          [e, name, index_name = index.name] { e->backfill(name, index_name); });
    }
  }
  return engine;
}

Engine::~Engine() {
  stopping_ = true;
  {
    std::lock_guard lock(background_mutex_);
    for (auto& t : background_) t.join();
  }
  if (db_) {
    db_->DestroyColumnFamilyHandle(catalog_);
    db_->DestroyColumnFamilyHandle(data_);
    db_->Close();
  }
}

void Engine::load_catalog() {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), catalog_));
  for (it->Seek(std::string(1, kTablePrefix)); it->Valid() && it->key()[0] == kTablePrefix;
       it->Next()) {
    auto def = std::make_shared<TableDef>(TableDef::from_json(it->value().ToStringView()));
    next_table_id_ = std::max(next_table_id_, def->id + 1);
    tables_.emplace(def->name, std::move(def));
  }
  std::string next;
  if (db_->Get(rocksdb::ReadOptions(), catalog_, kNextTableId, &next).ok() && next.size() == 4) {
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
  std::unique_lock lock(catalog_mutex_);
  if (tables_.count(def.name)) return nullptr;
  def.id = next_table_id_++;
  uint16_t index_id = 1;
  for (auto& index : def.indexes) index.id = index_id++;
  rocksdb::WriteBatch batch;
  batch.Put(catalog_, std::string(1, kTablePrefix) + def.name, def.to_json());
  uint32_t next = next_table_id_;
  batch.Put(catalog_, kNextTableId, rocksdb::Slice(reinterpret_cast<const char*>(&next), 4));
  write(batch);
  auto shared = std::make_shared<const TableDef>(std::move(def));
  tables_.emplace(shared->name, shared);
  return shared;
}

std::shared_ptr<const TableDef> Engine::delete_table(std::string_view name) {
  std::unique_lock lock(catalog_mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return nullptr;
  std::shared_ptr<const TableDef> def = it->second;
  rocksdb::WriteBatch batch;
  batch.Delete(catalog_, std::string(1, kTablePrefix) + def->name);
  std::string begin;
  append_u32_be(begin, def->id);
  std::string end;
  append_u32_be(end, def->id + 1);
  batch.DeleteRange(data_, begin, end);
  batch.DeleteRange(catalog_, std::string(1, kStatsPrefix) + begin,
                    std::string(1, kStatsPrefix) + end);
  write(batch);
  tables_.erase(it);
  return def;
}

std::shared_ptr<const TableDef> Engine::replace_table(TableDef def) {
  std::shared_ptr<const TableDef> published;
  std::vector<std::string> to_backfill;
  {
    std::unique_lock lock(catalog_mutex_);
    auto it = tables_.find(def.name);
    if (it == tables_.end()) return nullptr;
    const TableDef& old = *it->second;
    rocksdb::WriteBatch batch;
    for (const auto& index : old.indexes) {
      if (def.find_index(index.name)) continue;
      batch.DeleteRange(data_, keys::space_prefix(old.id, index.id),
                        keys::space_prefix(old.id, index.id + 1));
      batch.Delete(catalog_, stats_key(old.id, index.id));
    }
    for (const auto& index : def.indexes) {
      if (index.status == "CREATING" && !old.find_index(index.name))
        to_backfill.push_back(index.name);
    }
    batch.Put(catalog_, std::string(1, kTablePrefix) + def.name, def.to_json());
    write(batch);
    published = std::make_shared<const TableDef>(std::move(def));
    it->second = published;
  }
  std::lock_guard lock(background_mutex_);
  for (auto& name : to_backfill) {
    background_.emplace_back([this, table = published->name, name] { backfill(table, name); });
  }
  return published;
}

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
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, data_));
  for (it->Seek(begin); it->Valid() && !stopping_; it->Next()) {
    std::string key = it->key().ToString();
    // Under the item's lock, from the current item: a concurrent write has either already
    // written this entry (same bytes) or will see the index in the new definition.
    std::lock_guard lock(lock_for(key));
    if (!find_table(table_name)) return;
    Item item;
    if (!get(key, &item)) continue;
    std::optional<std::string> entry_key = keys::index_key(*table, *index, item);
    if (!entry_key) continue;
    std::string existing;
    if (db_->Get(rocksdb::ReadOptions(), data_, *entry_key, &existing).ok()) continue;
    Item entry = project_for_index(*table, *index, item);
    rocksdb::WriteBatch batch;
    batch.Put(data_, *entry_key, encode_item_binary(entry));
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
  batch.Put(catalog_, std::string(1, kTablePrefix) + def.name, def.to_json());
  write(batch);
  found->second = std::make_shared<const TableDef>(std::move(def));
}

SpaceStats Engine::stats(uint32_t table_id, uint16_t index_id) const {
  std::string value;
  SpaceStats stats;
  if (db_->Get(rocksdb::ReadOptions(), catalog_, stats_key(table_id, index_id), &value).ok() &&
      value.size() == 16) {
    int64_t v[2];
    std::memcpy(v, value.data(), 16);
    stats.item_count = v[0];
    stats.size_bytes = v[1];
  }
  return stats;
}

void Engine::stage_stats(rocksdb::WriteBatch& batch, uint32_t table_id, uint16_t index_id,
                         int64_t count_delta, int64_t bytes_delta) const {
  int64_t v[2] = {count_delta, bytes_delta};
  batch.Merge(catalog_, stats_key(table_id, index_id),
              rocksdb::Slice(reinterpret_cast<const char*>(v), sizeof v));
}

bool Engine::get_raw(const std::string& key, std::string* bytes,
                     const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  rocksdb::Status s = db_->Get(read_options, data_, key, bytes);
  if (s.IsNotFound()) return false;
  if (!s.ok()) throw ApiError::internal("storage read failed: " + s.ToString());
  return true;
}

bool Engine::get(const std::string& key, Item* item, const rocksdb::Snapshot* snapshot) const {
  std::string bytes;
  if (!get_raw(key, &bytes, snapshot)) return false;
  item->clear();
  if (!decode_item_binary(bytes, item)) throw ApiError::internal("corrupt item record");
  return true;
}

PriorItem Engine::read_prior(const TableDef& table, const std::string& key, bool need_item) const {
  PriorItem prior;
  std::string bytes;
  prior.exists = get_raw(key, &bytes);
  if (!prior.exists) return prior;
  if (need_item || !table.indexes.empty()) {
    if (!decode_item_binary(bytes, &prior.item)) throw ApiError::internal("corrupt item record");
    prior.decoded = true;
    prior.size = item_size(prior.item);
  } else {
    auto size = binary_item_size(bytes);
    if (!size) throw ApiError::internal("corrupt item record");
    prior.size = *size;
  }
  return prior;
}

void Engine::stage_item_change(rocksdb::WriteBatch& batch, const TableDef& table,
                               const PriorItem& prior, const Item* new_item, const std::string& key,
                               WriteFootprint* footprint) const {
  const Item* old_item = prior.exists && prior.decoded ? &prior.item : nullptr;
  int64_t old_size = prior.exists ? static_cast<int64_t>(prior.size) : 0;
  int64_t new_size = new_item ? static_cast<int64_t>(item_size(*new_item)) : 0;
  if (new_item)
    batch.Put(data_, key, encode_item_binary(*new_item));
  else
    batch.Delete(data_, key);
  stage_stats(batch, table.id, 0, (new_item ? 1 : 0) - (prior.exists ? 1 : 0), new_size - old_size);
  if (footprint) footprint->table_bytes = static_cast<size_t>(std::max(old_size, new_size));

  for (const auto& index : table.indexes) {
    std::optional<std::string> old_key, new_key;
    Item old_entry, new_entry;
    if (old_item && (old_key = keys::index_key(table, index, *old_item))) {
      old_entry = project_for_index(table, index, *old_item);
    }
    if (new_item && (new_key = keys::index_key(table, index, *new_item))) {
      new_entry = project_for_index(table, index, *new_item);
    }
    if (!old_key && !new_key) continue;
    if (old_key && new_key && *old_key == *new_key && old_entry == new_entry) continue;
    int64_t old_entry_size = old_key ? static_cast<int64_t>(item_size(old_entry)) : 0;
    int64_t new_entry_size = new_key ? static_cast<int64_t>(item_size(new_entry)) : 0;
    if (old_key && (!new_key || *old_key != *new_key)) {
      batch.Delete(data_, *old_key);
      if (footprint) footprint->index_writes[index.id].push_back(old_entry_size);
    }
    if (new_key) {
      batch.Put(data_, *new_key, encode_item_binary(new_entry));
      if (footprint) footprint->index_writes[index.id].push_back(new_entry_size);
    }
    stage_stats(batch, table.id, index.id, (new_key ? 1 : 0) - (old_key ? 1 : 0),
                new_entry_size - old_entry_size);
  }
}

void Engine::write(rocksdb::WriteBatch& batch) {
  rocksdb::Status s = db_->Write(write_options_, &batch);
  if (!s.ok()) throw ApiError::internal("storage write failed: " + s.ToString());
}

std::optional<Engine::IdempotentResult> Engine::find_idempotent(const std::string& token,
                                                                int64_t window_seconds) const {
  std::string value;
  if (!db_->Get(rocksdb::ReadOptions(), catalog_, std::string(1, kIdempotencyPrefix) + token,
                &value)
           .ok() ||
      value.size() < 16) {
    return std::nullopt;
  }
  int64_t written;
  uint64_t hash;
  std::memcpy(&written, value.data(), 8);
  std::memcpy(&hash, value.data() + 8, 8);
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  if (now - written > window_seconds) return std::nullopt;
  return IdempotentResult{hash, value.substr(16)};
}

void Engine::stage_idempotent(rocksdb::WriteBatch& batch, const std::string& token,
                              uint64_t request_hash, const std::string& response) const {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::string value(16, '\0');
  std::memcpy(value.data(), &now, 8);
  std::memcpy(value.data() + 8, &request_hash, 8);
  value += response;
  batch.Put(catalog_, std::string(1, kIdempotencyPrefix) + token, value);
}

size_t Engine::lock_index(const std::string& item_key) const {
  return std::hash<std::string>()(item_key) % kLockStripes;
}

std::mutex& Engine::lock_for(const std::string& item_key) {
  return locks_[lock_index(item_key)];
}

}  // namespace ddb
