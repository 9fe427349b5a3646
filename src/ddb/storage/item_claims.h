// ItemClaims: the items that in-flight transactions are working on. A transaction claims all
// its items before it starts and releases them when it ends; another transaction or a
// single-item write that meets a claimed item is refused with a conflict, as DynamoDB does,
// instead of waiting. The same mechanism holds a ClientRequestToken while its transaction runs.
// Thread-safe.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>
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

// Keys claimed by one holder, released when it is destroyed. Move-only.
class ClaimHold {
 public:
  ClaimHold(ItemClaims& claims, std::vector<std::string> keys)
      : claims_(&claims), keys_(std::move(keys)) {}
  ClaimHold(ClaimHold&& other) noexcept
      : claims_(std::exchange(other.claims_, nullptr)), keys_(std::move(other.keys_)) {}
  ClaimHold& operator=(ClaimHold&& other) noexcept {
    if (this != &other) {
      if (claims_) claims_->release(keys_);
      claims_ = std::exchange(other.claims_, nullptr);
      keys_ = std::move(other.keys_);
    }
    return *this;
  }
  ClaimHold(const ClaimHold&) = delete;
  ~ClaimHold() {
    if (claims_) claims_->release(keys_);
  }

 private:
  ItemClaims* claims_;
  std::vector<std::string> keys_;
};

}  // namespace ddb
