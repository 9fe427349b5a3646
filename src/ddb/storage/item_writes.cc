// Engine: the write path — one item (write_item) or several at once (MultiWrite) — and the
// staging of an item change with everything that moves with it: index entries, the TTL queue
// entry, the stream record and the counters.
#include <rocksdb/db.h>

#include <algorithm>

#include "ddb/error.h"
#include "ddb/storage/engine.h"
#include "ddb/storage/keys.h"
#include "ddb/storage/layout.h"
#include "ddb/storage/write_set.h"
#include "ddb/value/binary_codec.h"

namespace ddb {

ItemWriteResult Engine::write_item(const TableDef& table, const std::string& key,
                                   bool need_prior_item, const WriteDecision& decide) {
  wait_open();
  if (claims_.claimed(key)) throw ApiError::transaction_conflict();
  ItemWriteResult result;
  KeyLocks::Guard lock = locks_.lock_keys(key);
  result.prior = read_prior(table, key, need_prior_item);
  result.item = decide(result.prior);
  if (!result.item && !result.prior.exists) return result;
  WriteSet write_set;
  stage_item_change(write_set, table, result.prior, result.item ? &*result.item : nullptr, key,
                    &result.footprint);
  write(write_set);
  return result;
}

MultiWrite::MultiWrite(Engine& engine, std::vector<WriteTarget> targets)
    : engine_(&engine), targets_(std::move(targets)), write_set_(std::make_unique<WriteSet>()) {}
MultiWrite::MultiWrite(MultiWrite&&) noexcept = default;
MultiWrite::~MultiWrite() = default;

void MultiWrite::stage(size_t i, const Item* new_item, WriteFootprint* footprint) {
  if (!new_item && !priors_[i].exists) return;
  engine_->stage_item_change(*write_set_, *targets_[i].table, priors_[i], new_item, targets_[i].key,
                             footprint);
}

void MultiWrite::stage_idempotent(const std::string& token, uint64_t request_hash,
                                  const std::string& response) {
  engine_->stage_idempotent(*write_set_, token, request_hash, response);
}

void MultiWrite::commit() {
  engine_->write(*write_set_);
}

MultiWrite Engine::begin_batch_write(std::vector<WriteTarget> targets) {
  wait_open();
  for (const auto& target : targets) {
    if (claims_.claimed(target.key)) throw ApiError::transaction_conflict();
  }
  std::vector<std::string> keys;
  keys.reserve(targets.size());
  for (const auto& target : targets) keys.push_back(target.key);
  MultiWrite write(*this, std::move(targets));
  write.locks_ = locks_.lock_keys(keys);
  for (const auto& target : write.targets_) {
    write.priors_.push_back(read_prior(*target.table, target.key, false));
  }
  return write;
}

std::optional<MultiWrite> Engine::begin_transaction(std::vector<WriteTarget> targets,
                                                    size_t* conflict) {
  wait_open();
  std::vector<std::string> keys;
  keys.reserve(targets.size());
  for (const auto& target : targets) keys.push_back(target.key);
  if (int held = claims_.try_claim(keys); held >= 0) {
    *conflict = static_cast<size_t>(held);
    return std::nullopt;
  }
  MultiWrite write(*this, std::move(targets));
  write.claims_.emplace(claims_, keys);
  write.locks_ = locks_.lock_keys(keys);
  for (const auto& target : write.targets_) {
    write.priors_.push_back(read_prior(*target.table, target.key, true));
  }
  return write;
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
    auto old_expiry = old_item ? layout::expiry_of(*old_item, table.ttl_attribute) : std::nullopt;
    auto new_expiry = new_item ? layout::expiry_of(*new_item, table.ttl_attribute) : std::nullopt;
    if (old_expiry != new_expiry) {
      if (old_expiry) batch.Delete(data_, layout::ttl_queue_key(table.id, *old_expiry, key));
      if (new_expiry) batch.Put(data_, layout::ttl_queue_key(table.id, *new_expiry, key), "");
    }
  }

  for (const auto& index : table.indexes) {
    std::optional<std::string> old_key, new_key;
    Item old_entry, new_entry;
    if (old_item && (old_key = keys::index_key(table, index, *old_item))) {
      old_entry = layout::project_for_index(table, index, *old_item);
    }
    if (new_item && (new_key = keys::index_key(table, index, *new_item))) {
      new_entry = layout::project_for_index(table, index, *new_item);
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

void Engine::stage_stats(WriteSet& batch, uint32_t table_id, uint16_t index_id, int64_t count_delta,
                         int64_t bytes_delta) const {
  batch.stat_deltas.push_back({table_id, index_id, count_delta, bytes_delta});
}

}  // namespace ddb
