#include "ddb/storage/key_locks.h"

#include <algorithm>
#include <utility>

namespace ddb {

KeyLocks::Guard::Guard(Guard&& other) noexcept
    : single_(std::exchange(other.single_, nullptr)), many_(std::move(other.many_)) {
  other.many_.clear();
}

KeyLocks::Guard& KeyLocks::Guard::operator=(Guard&& other) noexcept {
  if (this != &other) {
    unlock();
    single_ = std::exchange(other.single_, nullptr);
    many_ = std::move(other.many_);
    other.many_.clear();
  }
  return *this;
}

KeyLocks::Guard::~Guard() {
  unlock();
}

void KeyLocks::Guard::unlock() {
  if (single_) single_->unlock();
  single_ = nullptr;
  for (auto it = many_.rbegin(); it != many_.rend(); ++it) (*it)->unlock();
  many_.clear();
}

KeyLocks::Guard KeyLocks::lock_keys(const std::string& key) {
  Guard guard;
  guard.single_ = &stripes_[stripe(key)];
  guard.single_->lock();
  return guard;
}

KeyLocks::Guard KeyLocks::lock_keys(const std::vector<std::string>& keys) {
  std::vector<size_t> order;
  order.reserve(keys.size());
  for (const auto& key : keys) order.push_back(stripe(key));
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  Guard guard;
  guard.many_.reserve(order.size());
  for (size_t s : order) {
    stripes_[s].lock();
    guard.many_.push_back(&stripes_[s]);
  }
  return guard;
}

}  // namespace ddb
