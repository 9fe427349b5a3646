// SpaceCounters: the live item count and size of every table and index (DescribeTable's
// ItemCount, TableSizeBytes, IndexSizeBytes). Kept in memory and updated as writes commit, so a
// write costs no extra storage operation; saved on a clean shutdown and recounted from the data
// after a crash (see Engine::open). Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

namespace ddb {

struct SpaceStats {
  int64_t item_count = 0;
  int64_t size_bytes = 0;
};

struct StatDelta {
  uint32_t table_id;
  uint16_t index_id;  // 0: the table itself
  int64_t count;
  int64_t bytes;
};

class SpaceCounters {
 public:
  void add(const StatDelta& delta);
  void set(uint32_t table_id, uint16_t index_id, SpaceStats stats);
  SpaceStats get(uint32_t table_id, uint16_t index_id) const;
  void erase(uint32_t table_id, uint16_t index_id);
  void erase_table(uint32_t table_id);
  struct Entry {
    uint32_t table_id;
    uint16_t index_id;
    SpaceStats stats;
  };
  std::vector<Entry> all() const;
  void clear();

 private:
  struct Counter {
    std::atomic<int64_t> count{0};
    std::atomic<int64_t> bytes{0};
  };
  static uint64_t id_of(uint32_t table_id, uint16_t index_id) {
    return (uint64_t{table_id} << 16) | index_id;
  }
  Counter& counter(uint32_t table_id, uint16_t index_id);

  mutable std::shared_mutex mutex_;
  std::unordered_map<uint64_t, std::unique_ptr<Counter>> counters_;
};

}  // namespace ddb
