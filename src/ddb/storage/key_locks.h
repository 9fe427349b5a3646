// KeyLocks: the striped locks that serialize writes to one item. Every write path — single
// writes, batches, transactions, TTL deletes, index backfill — holds the lock of each item it
// changes from reading the stored item until its batch is committed. Unrelated keys may share a
// stripe; several keys are locked in stripe order, so two writers never deadlock. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace ddb {

class KeyLocks {
  class Stripe;

 public:
  // Holds the locks it was given until it is destroyed. Move-only.
  class Guard {
   public:
    Guard() = default;
    Guard(Guard&& other) noexcept;
    Guard& operator=(Guard&& other) noexcept;
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard();

   private:
    void unlock();
    friend class KeyLocks;
    Stripe* single_ = nullptr;  // the common case: one key, no allocation
    std::vector<Stripe*> many_;
  };

  // Blocks until the key's stripe is free.
  Guard lock_keys(const std::string& key);
  // Blocks until every key's stripe is free; locks each stripe once, in order.
  Guard lock_keys(const std::vector<std::string>& keys);

 private:
  // A mutex in 4 bytes (a futex word: 0 free, 1 held, 2 held with waiters). 4096 std::mutex
  // were 160 KB that the engine's constructor zeroed on the start's critical path: 40 page faults,
  // ~1 ms on a small VM; these are 16 KB.
  class Stripe {
   public:
    void lock();
    void unlock();

   private:
    std::atomic<uint32_t> state_{0};
  };

  static constexpr size_t kStripes = 4096;
  size_t stripe(const std::string& key) const { return std::hash<std::string>()(key) % kStripes; }
  std::array<Stripe, kStripes> stripes_;
};

}  // namespace ddb
