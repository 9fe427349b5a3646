// KeyLocks: the striped locks that serialize writes to one item. Every write path — single
// writes, batches, transactions, TTL deletes, index backfill — holds the lock of each item it
// changes from reading the stored item until its batch is committed. Unrelated keys may share a
// stripe; several keys are locked in stripe order, so two writers never deadlock. Thread-safe.
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <vector>

namespace ddb {

class KeyLocks {
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
    std::mutex* single_ = nullptr;  // the common case: one key, no allocation
    std::vector<std::mutex*> many_;
  };

  // Blocks until the key's stripe is free.
  Guard lock_keys(const std::string& key);
  // Blocks until every key's stripe is free; locks each stripe once, in order.
  Guard lock_keys(const std::vector<std::string>& keys);

 private:
  static constexpr size_t kStripes = 4096;
  size_t stripe(const std::string& key) const { return std::hash<std::string>()(key) % kStripes; }
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace ddb
