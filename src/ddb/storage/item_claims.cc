#include "ddb/storage/item_claims.h"

namespace ddb {

int ItemClaims::try_claim(const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys_.count(keys[i])) return static_cast<int>(i);
  }
  for (const auto& k : keys) keys_.insert(k);
  count_ += keys.size();
  return -1;
}

void ItemClaims::release(const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  for (const auto& k : keys) keys_.erase(k);
  count_ -= keys.size();
}

bool ItemClaims::claimed(const std::string& key) {
  if (count_.load(std::memory_order_acquire) == 0) return false;
  std::lock_guard lock(mutex_);
  return keys_.count(key) > 0;
}

}  // namespace ddb
