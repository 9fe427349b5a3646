// RecentCache: the values of the last few texts looked up, for work an application repeats with
// the same text on every request (an expression, a PartiQL statement) and new values beside it.
//
// A handful of entries, compared newest first: a hit costs a few length checks and one memcmp,
// where the work it saves costs thousands of instructions. Not thread-safe: each thread keeps
// its own (thread_local), so nothing is locked or shared. A value returned by find() stays valid
// until the next put() into the same cache.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace common {

template <typename Value>
class RecentCache {
 public:
  explicit RecentCache(size_t capacity) : capacity_(capacity) { entries_.reserve(capacity); }

  // The value kept for `key`, now the most recently used (and the caller's to update in
  // place); nullptr if none is.
  Value* find(std::string_view key) {
    for (size_t i = entries_.size(); i-- > 0;) {
      if (entries_[i].first != key) continue;
      std::rotate(entries_.begin() + i, entries_.begin() + i + 1, entries_.end());
      return &entries_.back().second;
    }
    return nullptr;
  }

  // Keeps `value` for `key` (not already kept), dropping the least recently used entry when
  // full; returns the kept value.
  Value& put(std::string_view key, Value value) {
    if (entries_.size() == capacity_) entries_.erase(entries_.begin());
    entries_.emplace_back(std::string(key), std::move(value));
    return entries_.back().second;
  }

 private:
  size_t capacity_;
  std::vector<std::pair<std::string, Value>> entries_;  // the most recently used last
};

}  // namespace common
