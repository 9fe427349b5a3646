#include "ddb/storage/engine.h"

#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <algorithm>
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

constexpr char kTablePrefix = 't';               // catalog: 't' + name -> TableDef JSON
constexpr const char* kCleanShutdown = "clean";  // catalog: present after a clean shutdown
constexpr char kStatsPrefix = 's';               // catalog: 's' + table id + index id -> counters
constexpr const char* kNextTableId = "n";        // catalog: next table id
constexpr char kIdempotencyPrefix = 'x';         // catalog: 'x' + token -> time, hash, response
constexpr char kStreamPrefix = 'S';              // catalog: 'S' + u32 stream id -> StreamDef JSON
constexpr int64_t kStreamRetentionMs = 24 * 3600 * 1000;
// The TTL queue of a table lives in the table's key space under this reserved index id:
// [table id][0xFFFF][u64 expiry seconds][item key] -> "".
constexpr uint16_t kTtlSpace = 0xFFFF;
// DynamoDB leaves alone items whose expiry is more than five years in the past.
constexpr int64_t kTtlIgnoredAgeSeconds = 5LL * 365 * 24 * 3600;

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The expiry time of an item under a TTL attribute: a Number of epoch seconds.
std::optional<uint64_t> expiry_of(const Item& item, const std::string& attribute) {
  if (attribute.empty()) return std::nullopt;
  auto it = item.find(attribute);
  if (it == item.end() || it->second.type != ValueType::N) return std::nullopt;
  const std::string& text = it->second.scalar;
  if (text.empty() || text[0] == '-') return std::nullopt;
  std::string whole = text.substr(0, text.find('.'));
  if (whole.size() > 15) return std::nullopt;  // beyond any real date
  return std::stoull(whole);
}

std::string ttl_queue_key(uint32_t table_id, uint64_t expiry, const std::string& item_key) {
  std::string key = keys::space_prefix(table_id, kTtlSpace);
  append_u64_be(key, expiry);
  key += item_key;
  return key;
}

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

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, data_options},
      {"catalog", catalog_options},
      {"streams", rocksdb::ColumnFamilyOptions()}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  std::string path = options.in_memory ? "/ddb-memory" : options.path;
  check(rocksdb::DB::Open(db_options, path, families, &handles, &raw), "open database");
  engine->db_.reset(raw);
  engine->data_ = handles[0];
  engine->catalog_ = handles[1];
  engine->streams_cf_ = handles[2];
  engine->write_options_.sync = options.sync;
  engine->load_catalog();
  engine->load_counters();
  {
    Engine* e = engine.get();
    e->start_background([e] { e->housekeeping_loop(); });
    e->start_background([e] { e->ttl_sweeper_loop(); });
  }
  // An index whose backfill a crash interrupted carries on (a backfill is idempotent).
  for (const auto& name : engine->table_names()) {
    for (const auto& index : engine->find_table(name)->indexes) {
      if (index.status != "CREATING") continue;
      Engine* e = engine.get();
      e->start_background([e, name, index_name = index.name] { e->backfill(name, index_name); });
    }
  }
  return engine;
}

Engine::~Engine() {
  stopping_ = true;
  {
    std::lock_guard lock(background_mutex_);
    for (auto& task : background_) task.thread.join();
  }
  if (db_) {
    // Counters from a recount that gave up are incomplete: the next open counts again.
    if (recount_finished_) save_counters();
    db_->DestroyColumnFamilyHandle(streams_cf_);
    db_->DestroyColumnFamilyHandle(catalog_);
    db_->DestroyColumnFamilyHandle(data_);
    db_->Close();
  }
}

void Engine::load_counters() {
  std::string clean;
  if (db_->Get(rocksdb::ReadOptions(), catalog_, kCleanShutdown, &clean).ok()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), catalog_));
    for (it->Seek(std::string(1, kStatsPrefix)); it->Valid() && it->key()[0] == kStatsPrefix;
         it->Next()) {
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
  db_->Delete(options, catalog_, kCleanShutdown);
}

void Engine::load_catalog() {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), catalog_));
  for (it->Seek(std::string(1, kTablePrefix)); it->Valid() && it->key()[0] == kTablePrefix;
       it->Next()) {
    auto def = std::make_shared<TableDef>(TableDef::from_json(it->value().ToStringView()));
    next_table_id_ = std::max(next_table_id_, def->id + 1);
    tables_.emplace(def->name, std::move(def));
  }
  for (it->Seek(std::string(1, kStreamPrefix)); it->Valid() && it->key()[0] == kStreamPrefix;
       it->Next()) {
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
  if (def.stream_enabled) open_stream(def, batch);
  batch.Put(catalog_, std::string(1, kTablePrefix) + def.name, def.to_json());
  uint32_t next = next_table_id_;
  batch.Put(catalog_, kNextTableId, rocksdb::Slice(reinterpret_cast<const char*>(&next), 4));
  write_batch(batch);
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
  if (def->stream_enabled) close_stream(def->stream_id, batch);
  batch.Delete(catalog_, std::string(1, kTablePrefix) + def->name);
  std::string begin;
  append_u32_be(begin, def->id);
  std::string end;
  append_u32_be(end, def->id + 1);
  batch.DeleteRange(data_, begin, end);
  batch.DeleteRange(catalog_, std::string(1, kStatsPrefix) + begin,
                    std::string(1, kStatsPrefix) + end);
  write_batch(batch);
  forget_counters(def->id, std::nullopt);
  tables_.erase(it);
  return def;
}

std::shared_ptr<const TableDef> Engine::replace_table(TableDef def) {
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
      batch.Delete(catalog_, stats_key(old.id, index.id));
      dropped.push_back(index.id);
    }
    for (const auto& index : def.indexes) {
      if (index.status == "CREATING" && !old.find_index(index.name))
        to_backfill.push_back(index.name);
    }
    if (def.ttl_attribute != old.ttl_attribute) {
      // The queue of the old attribute goes; the new one is filled from the items.
      batch.DeleteRange(data_, keys::space_prefix(old.id, kTtlSpace),
                        keys::space_prefix(old.id + 1, 0));
      ttl_enabled_now = !def.ttl_attribute.empty();
    }
    if (old.stream_enabled && (!def.stream_enabled || def.stream_label != old.stream_label)) {
      close_stream(old.stream_id, batch);
      def.stream_id = 0;
    }
    if (def.stream_enabled && !def.stream_id) open_stream(def, batch);
    batch.Put(catalog_, std::string(1, kTablePrefix) + def.name, def.to_json());
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

void Engine::start_background(std::function<void()> work) {
  std::lock_guard lock(background_mutex_);
  std::erase_if(background_, [](BackgroundTask& task) {
    if (!task.done->load()) return false;
    task.thread.join();
    return true;
  });
  auto done = std::make_shared<std::atomic<bool>>(false);
  background_.push_back({std::thread([work = std::move(work), done] {
                           work();
                           *done = true;
                         }),
                         done});
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
  batch.Put(catalog_, std::string(1, kTablePrefix) + def.name, def.to_json());
  write_batch(batch);
  found->second = std::make_shared<const TableDef>(std::move(def));
}

SpaceStats Engine::stats(uint32_t table_id, uint16_t index_id) const {
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
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, data_));
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
      if (index_id == kTtlSpace) continue;
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
    batch.Put(catalog_, stats_key(entry.table_id, entry.index_id),
              rocksdb::Slice(reinterpret_cast<const char*>(v), sizeof v));
  }
  batch.Put(catalog_, kCleanShutdown, "1");
  rocksdb::WriteOptions options;
  options.sync = true;
  db_->Write(options, &batch);
}

void Engine::stage_stats(WriteSet& batch, uint32_t table_id, uint16_t index_id, int64_t count_delta,
                         int64_t bytes_delta) const {
  batch.stat_deltas.push_back({table_id, index_id, count_delta, bytes_delta});
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
  if (need_item || !table.indexes.empty() || table.stream_enabled || !table.ttl_attribute.empty()) {
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

void Engine::stage_item_change(WriteSet& write_set, const TableDef& table, const PriorItem& prior,
                               const Item* new_item, const std::string& key,
                               WriteFootprint* footprint, bool by_ttl) const {
  rocksdb::WriteBatch& batch = write_set.batch;
  const Item* old_item = prior.exists && prior.decoded ? &prior.item : nullptr;
  if (table.stream_enabled) {
    if (auto record = build_stream_record(table, old_item, new_item, by_ttl)) {
      write_set.stream_records.push_back(std::move(*record));
    } else if (prior.exists == (new_item != nullptr) && old_item && new_item) {
      return;  // a write that changes nothing emits nothing, and writes nothing
    }
  }
  int64_t old_size = prior.exists ? static_cast<int64_t>(prior.size) : 0;
  int64_t new_size = new_item ? static_cast<int64_t>(item_size(*new_item)) : 0;
  if (new_item)
    batch.Put(data_, key, encode_item_binary(*new_item));
  else
    batch.Delete(data_, key);
  stage_stats(write_set, table.id, 0, (new_item ? 1 : 0) - (prior.exists ? 1 : 0),
              new_size - old_size);
  if (footprint) footprint->table_bytes = static_cast<size_t>(std::max(old_size, new_size));
  if (!table.ttl_attribute.empty()) {
    auto old_expiry = old_item ? expiry_of(*old_item, table.ttl_attribute) : std::nullopt;
    auto new_expiry = new_item ? expiry_of(*new_item, table.ttl_attribute) : std::nullopt;
    if (old_expiry != new_expiry) {
      if (old_expiry) batch.Delete(data_, ttl_queue_key(table.id, *old_expiry, key));
      if (new_expiry) batch.Put(data_, ttl_queue_key(table.id, *new_expiry, key), "");
    }
  }

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
    stage_stats(write_set, table.id, index.id, (new_key ? 1 : 0) - (old_key ? 1 : 0),
                new_entry_size - old_entry_size);
  }
}

void Engine::write_batch(rocksdb::WriteBatch& batch) {
  rocksdb::Status s = db_->Write(write_options_, &batch);
  if (!s.ok()) throw ApiError::internal("storage write failed: " + s.ToString());
}

void Engine::write(WriteSet& write_set) {
  if (write_set.stream_records.empty()) {
    write_batch(write_set.batch);
    for (const auto& delta : write_set.stat_deltas) counters_.add(delta);
    return;
  }
  // Sequence numbers are handed out and committed under one lock, so they follow commit order
  // and a reader never sees a later number before an earlier one.
  std::lock_guard lock(sequence_mutex_);
  uint64_t first = next_sequence_;
  for (auto& record : write_set.stream_records) {
    uint64_t sequence = next_sequence_++;
    write_set.batch.Put(streams_cf_, stream_record_key(record.stream_id, sequence),
                        stamp_stream_record(record, sequence));
  }
  try {
    write_batch(write_set.batch);
  } catch (...) {
    next_sequence_ = first;
    throw;
  }
  for (const auto& delta : write_set.stat_deltas) counters_.add(delta);
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
  std::string key(1, kStreamPrefix);
  append_u32_be(key, stream.id);
  batch.Put(catalog_, key, stream.to_json());
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
  std::string key(1, kStreamPrefix);
  append_u32_be(key, stream.id);
  batch.Put(catalog_, key, stream.to_json());
  it->second = std::make_shared<const StreamDef>(std::move(stream));
}

std::vector<std::shared_ptr<const StreamDef>> Engine::streams() const {
  std::shared_lock lock(catalog_mutex_);
  std::vector<std::shared_ptr<const StreamDef>> out;
  for (const auto& [_, s] : streams_) out.push_back(s);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a->arn() < b->arn(); });
  return out;
}

std::shared_ptr<const StreamDef> Engine::find_stream(std::string_view arn) const {
  std::shared_lock lock(catalog_mutex_);
  for (const auto& [_, s] : streams_) {
    if (s->arn() == arn) return s;
  }
  return nullptr;
}

uint64_t Engine::latest_sequence() const {
  std::lock_guard lock(sequence_mutex_);
  return next_sequence_ - 1;
}

uint64_t Engine::trim_horizon(const StreamDef& stream) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), streams_cf_));
  it->Seek(stream_record_key(stream.id, 0));
  if (it->Valid() && it->key().size() == 12 &&
      static_cast<uint32_t>(read_u64_be(it->key().data()) >> 32) == stream.id) {
    return std::max(stream.first_sequence, read_u64_be(it->key().data() + 4));
  }
  // Nothing retained: everything up to now is behind the horizon.
  return std::max(stream.first_sequence, latest_sequence() + 1);
}

std::vector<Engine::StreamRecord> Engine::read_stream(const StreamDef& stream, uint64_t from,
                                                      size_t limit, size_t max_bytes) const {
  std::vector<StreamRecord> out;
  std::string upper_key = stream_record_key(stream.id + 1, 0);
  rocksdb::Slice upper(upper_key);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, streams_cf_));
  size_t bytes = 0;
  for (it->Seek(stream_record_key(stream.id, from)); it->Valid() && out.size() < limit;
       it->Next()) {
    std::string_view value = it->value().ToStringView();
    if (value.size() < 8) continue;
    out.push_back({read_u64_be(it->key().data() + 4), std::string(value.substr(8))});
    bytes += value.size() - 8;
    if (bytes >= max_bytes) break;
  }
  return out;
}

void Engine::ttl_sweeper_loop() {
  while (!stopping_) {
    for (int waited = 0; waited < options_.ttl_period_ms && !stopping_; waited += 50) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (stopping_) return;
    int64_t now = now_seconds();
    for (const auto& name : table_names()) {
      auto table = find_table(name);
      if (table && !table->ttl_attribute.empty()) sweep_expired(*table, now);
    }
  }
}

void Engine::sweep_expired(const TableDef& table, int64_t now) {
  std::string begin = keys::space_prefix(table.id, kTtlSpace);
  std::string end = begin;
  append_u64_be(end, static_cast<uint64_t>(now) + 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, data_));
  for (it->Seek(begin); it->Valid() && !stopping_; it->Next()) {
    std::string queue_key = it->key().ToString();
    std::string item_key = queue_key.substr(keys::kSpacePrefix + 8);
    if (claims_.claimed(item_key)) continue;  // a transaction has it: next sweep
    std::lock_guard lock(lock_for(item_key));
    auto current = find_table(table.name);
    if (!current || current->id != table.id || current->ttl_attribute != table.ttl_attribute)
      return;
    PriorItem prior = read_prior(*current, item_key, true);
    auto expiry = prior.exists ? expiry_of(prior.item, current->ttl_attribute) : std::nullopt;
    WriteSet batch;
    if (!expiry || static_cast<int64_t>(*expiry) > now ||
        queue_key != ttl_queue_key(table.id, *expiry, item_key)) {
      batch.batch.Delete(data_, queue_key);  // a stale entry
    } else if (now - static_cast<int64_t>(*expiry) > kTtlIgnoredAgeSeconds) {
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
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, data_));
  for (it->Seek(begin); it->Valid() && !stopping_; it->Next()) {
    std::string key = it->key().ToString();
    std::lock_guard lock(lock_for(key));
    auto current = find_table(table_name);
    if (!current || current->id != table->id || current->ttl_attribute != table->ttl_attribute)
      return;
    Item item;
    if (!get(key, &item)) continue;
    if (auto expiry = expiry_of(item, current->ttl_attribute)) {
      rocksdb::WriteBatch batch;
      batch.Put(data_, ttl_queue_key(current->id, *expiry, key), "");
      write_batch(batch);
    }
  }
}

void Engine::housekeeping_loop() {
  while (!stopping_) {
    for (int i = 0; i < 600 && !stopping_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (stopping_) return;
    trim_streams();
    drop_expired_idempotency_records(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  }
}

void Engine::trim_streams() {
  int64_t cutoff = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count() -
                   kStreamRetentionMs;
  for (const auto& stream : streams()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), streams_cf_));
    std::string begin = stream_record_key(stream->id, 0), end;
    for (it->Seek(begin); it->Valid() && it->key().size() == 12; it->Next()) {
      if (static_cast<uint32_t>(read_u64_be(it->key().data()) >> 32) != stream->id) break;
      int64_t created;
      std::memcpy(&created, it->value().data(), 8);
      if (created >= cutoff) break;
      end = it->key().ToString();
    }
    if (end.empty()) continue;
    rocksdb::WriteBatch batch;
    batch.DeleteRange(streams_cf_, begin, end);
    batch.Delete(streams_cf_, end);
    write_batch(batch);
  }
}

void Engine::drop_expired_idempotency_records(int64_t now) {
  const std::string prefix(1, kIdempotencyPrefix);
  auto expired = [&](const rocksdb::Slice& value) {
    int64_t written = 0;
    if (value.size() >= 8) std::memcpy(&written, value.data(), 8);
    return now - written > kIdempotencyWindowSeconds;
  };
  std::vector<std::string> candidates;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), catalog_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (expired(it->value())) candidates.push_back(it->key().ToString().substr(prefix.size()));
  }
  // Each under its token's claim, and read again: a transaction that reused the token
  // meanwhile has written a fresh record, which must stay.
  std::vector<std::string> claimed;
  rocksdb::WriteBatch batch;
  for (const auto& token : candidates) {
    if (token_claims_.try_claim({token}) >= 0) continue;  // running now: the next pass
    claimed.push_back(token);
    std::string value;
    if (db_->Get(rocksdb::ReadOptions(), catalog_, prefix + token, &value).ok() && expired(value)) {
      batch.Delete(catalog_, prefix + token);
    }
  }
  if (batch.Count() > 0) write_batch(batch);
  if (!claimed.empty()) token_claims_.release(claimed);
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

void Engine::stage_idempotent(WriteSet& write_set, const std::string& token, uint64_t request_hash,
                              const std::string& response) const {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::string value(16, '\0');
  std::memcpy(value.data(), &now, 8);
  std::memcpy(value.data() + 8, &request_hash, 8);
  value += response;
  write_set.batch.Put(catalog_, std::string(1, kIdempotencyPrefix) + token, value);
}

size_t Engine::lock_index(const std::string& item_key) const {
  return std::hash<std::string>()(item_key) % kLockStripes;
}

std::mutex& Engine::lock_for(const std::string& item_key) {
  return locks_[lock_index(item_key)];
}

}  // namespace ddb
