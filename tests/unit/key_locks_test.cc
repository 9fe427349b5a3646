// KeyLocks (key_locks.h): a key's lock excludes every other holder of that key until its guard
// goes, several keys lock without deadlock whatever order writers name them in, and a guard
// moved away releases once.
#include "ddb/storage/key_locks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace ddb {
namespace {

using namespace std::chrono_literals;

TEST(KeyLocks, FourThreadsIncrementingUnderOneKeyLoseNoIncrement) {
  KeyLocks locks;
  long counter = 0;  // not atomic: only the lock keeps the increments whole
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        KeyLocks::Guard guard = locks.lock_keys(std::string("chat#1"));
        counter = counter + 1;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter, 80000);
}

TEST(KeyLocks, AHeldKeyBlocksAnotherThreadUntilItsGuardGoes) {
  KeyLocks locks;
  std::atomic<bool> entered{false};
  std::thread waiter;
  {
    KeyLocks::Guard held = locks.lock_keys(std::string("user#7"));
    waiter = std::thread([&] {
      KeyLocks::Guard guard = locks.lock_keys(std::string("user#7"));
      entered = true;
    });
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(entered) << "a second holder got the key while the first held it";
  }
  waiter.join();
  EXPECT_TRUE(entered);
}

TEST(KeyLocks, WritersNamingTheSameKeysInOppositeOrdersFinish) {
  KeyLocks locks;
  std::vector<std::string> forward, backward;
  for (int i = 0; i < 25; ++i) forward.push_back("item#" + std::to_string(i));
  backward.assign(forward.rbegin(), forward.rend());
  long counter = 0;
  std::thread a([&] {
    for (int i = 0; i < 2000; ++i) {
      KeyLocks::Guard guard = locks.lock_keys(forward);
      ++counter;
    }
  });
  std::thread b([&] {
    for (int i = 0; i < 2000; ++i) {
      KeyLocks::Guard guard = locks.lock_keys(backward);
      ++counter;
    }
  });
  a.join();
  b.join();
  EXPECT_EQ(counter, 4000);
}

TEST(KeyLocks, AMovedGuardReleasesOnceWhenItsNewOwnerGoes) {
  KeyLocks locks;
  KeyLocks::Guard outer;
  {
    KeyLocks::Guard inner = locks.lock_keys(std::string("k"));
    outer = std::move(inner);
  }  // inner, moved from, releases nothing
  std::atomic<bool> entered{false};
  std::thread other([&] {
    KeyLocks::Guard guard = locks.lock_keys(std::vector<std::string>{"k", "j"});
    entered = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(entered);
  outer = KeyLocks::Guard();
  other.join();
  EXPECT_TRUE(entered);
  // Both keys are free again.
  KeyLocks::Guard again = locks.lock_keys(std::vector<std::string>{"j", "k"});
}

}  // namespace
}  // namespace ddb
