#include "ddb/storage/key_locks.h"

#include <algorithm>
#include <utility>

namespace ddb {

// Drepper's "Futexes Are Tricky", mutex 2: an uncontended lock and unlock are one atomic each,
// and unlock wakes a waiter only when one may be sleeping. std::atomic's wait and notify are
// futex calls on the word itself for 4-byte types (libstdc++ on Linux).
void KeyLocks::Stripe::lock() {
  uint32_t seen = 0;
  if (state_.compare_exchange_strong(seen, 1, std::memory_order_acquire)) return;
  if (seen != 2) seen = state_.exchange(2, std::memory_order_acquire);
  while (seen != 0) {
    state_.wait(2, std::memory_order_relaxed);
    seen = state_.exchange(2, std::memory_order_acquire);
  }
}

void KeyLocks::Stripe::unlock() {
  if (state_.exchange(0, std::memory_order_release) == 2) state_.notify_one();
}

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
