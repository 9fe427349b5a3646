#include "ddb/storage/space_counters.h"

#include <mutex>

namespace ddb {

SpaceCounters::Counter& SpaceCounters::counter(uint32_t table_id, uint16_t index_id) {
  uint64_t id = id_of(table_id, index_id);
  {
    std::shared_lock lock(mutex_);
    auto it = counters_.find(id);
    if (it != counters_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto& slot = counters_[id];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

void SpaceCounters::add(const StatDelta& delta) {
  Counter& c = counter(delta.table_id, delta.index_id);
  c.count.fetch_add(delta.count, std::memory_order_relaxed);
  c.bytes.fetch_add(delta.bytes, std::memory_order_relaxed);
}

void SpaceCounters::set(uint32_t table_id, uint16_t index_id, SpaceStats stats) {
  Counter& c = counter(table_id, index_id);
  c.count = stats.item_count;
  c.bytes = stats.size_bytes;
}

SpaceStats SpaceCounters::get(uint32_t table_id, uint16_t index_id) const {
  std::shared_lock lock(mutex_);
  auto it = counters_.find(id_of(table_id, index_id));
  if (it == counters_.end()) return {};
  return {it->second->count.load(), it->second->bytes.load()};
}

void SpaceCounters::erase(uint32_t table_id, uint16_t index_id) {
  std::unique_lock lock(mutex_);
  counters_.erase(id_of(table_id, index_id));
}

void SpaceCounters::erase_table(uint32_t table_id) {
  std::unique_lock lock(mutex_);
  std::erase_if(counters_, [&](const auto& entry) { return (entry.first >> 16) == table_id; });
}

std::vector<SpaceCounters::Entry> SpaceCounters::all() const {
  std::shared_lock lock(mutex_);
  std::vector<Entry> out;
  for (const auto& [id, c] : counters_) {
    out.push_back({static_cast<uint32_t>(id >> 16),
                   static_cast<uint16_t>(id & 0xFFFF),
                   {c->count.load(), c->bytes.load()}});
  }
  return out;
}

void SpaceCounters::clear() {
  std::unique_lock lock(mutex_);
  counters_.clear();
}

}  // namespace ddb
