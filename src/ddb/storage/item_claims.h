// ItemClaims: the items that in-flight transactions are working on. A transaction claims all
// its items before it starts and releases them when it ends; another transaction or a
// single-item write that meets a claimed item is refused with a conflict, as DynamoDB does,
// instead of waiting. Thread-safe.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace ddb {

class ItemClaims {
 public:
  // Claims every key, or none: returns the index of a key already claimed, or -1 on success.
  int try_claim(const std::vector<std::string>& keys);
  void release(const std::vector<std::string>& keys);
  // Whether a transaction is working on `key` now. Cheap when no transaction runs.
  bool claimed(const std::string& key);

 private:
  std::mutex mutex_;
  std::unordered_set<std::string> keys_;
  std::atomic<size_t> count_{0};
};

}  // namespace ddb
