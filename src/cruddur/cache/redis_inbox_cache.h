// RedisInboxCache: InboxCache in Redis, shared by every `cruddur serve` that names the same
// server. Keys (all under "cruddur:inbox:"):
//   epoch             a counter: every page key below carries it
//   ver:<user>        a counter, raised by invalidate()
//   page:<user>:<epoch>:<ver>   the page, "<cursor>\n<body>", expiring after a minute
// A page is found only under the current epoch and version, so invalidating is one INCR and
// nothing stale can be read back. While Redis is unreachable, get() reports the cache unusable
// and the API reads DynamoDB. An invalidation lost to an outage is made good by raising the
// epoch, which orphans every page held before: by the instance that lost it, retrying every
// 250 ms until Redis answers, and by every instance that saw Redis fail, before its next read
// of a page (the lost invalidation may have been another's). The minute's expiry bounds what is
// left: an outage between Redis and one instance alone, which the others did not see.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "cruddur/cache/inbox_cache.h"
#include "cruddur/cache/redis_client.h"

namespace cruddur {

class RedisInboxCache : public InboxCache {
 public:
  // `redis` must outlive the cache.
  explicit RedisInboxCache(RedisClient& redis);
  ~RedisInboxCache() override;

  Lookup get(const std::string& user_uuid) override;
  void put(const std::string& user_uuid, const std::string& version,
           const CachedInbox& page) override;
  void invalidate(const std::string& user_uuid) override;
  const char* kind() const override { return "redis"; }

 private:
  // Raises the epoch if an invalidation was missed, or Redis failed since the last look; false
  // while that cannot be done.
  bool settle_missed();

  RedisClient& redis_;
  std::atomic<bool> missed_{false};
  std::atomic<uint64_t> failures_seen_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread retry_;  // settles a missed invalidation without waiting for a request
};

}  // namespace cruddur
