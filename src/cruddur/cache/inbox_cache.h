// InboxCache: the seed's "serverless caching". Each user's first inbox page, as GET
// /api/message_groups answers it (its unread counts included), held so that an unchanged inbox
// costs no DynamoDB read. DynamoDB stays the truth: whatever changes a user's inbox rows tells the
// cache afterwards (invalidate()), and a page read from DynamoDB is kept only if no such change
// came in between (the version taken before the read must still be current), so a read racing a
// write never stores what the write replaced.
//
// Two kinds: MemoryInboxCache, in the process (kept current by the stream worker inside the same
// `cruddur serve`), and RedisInboxCache (redis_inbox_cache.h), shared by several.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace cruddur {

// The answer to a user's first inbox page.
struct CachedInbox {
  std::string body;    // the JSON array
  std::string cursor;  // X-Next-Cursor ("" when there is no next page)
};

class InboxCache {
 public:
  virtual ~InboxCache() = default;

  // The held page, if any; else the version to pass to put() with the page read from DynamoDB
  // now.
  struct Lookup {
    std::optional<CachedInbox> page;
    std::optional<std::string> version;  // none: the cache is unusable now (put nothing)
  };
  virtual Lookup get(const std::string& user_uuid) = 0;
  // Holds `page`, unless `user_uuid`'s inbox changed since `version` was given out.
  virtual void put(const std::string& user_uuid, const std::string& version,
                   const CachedInbox& page) = 0;
  // `user_uuid`'s inbox rows changed (call after the write is in DynamoDB).
  virtual void invalidate(const std::string& user_uuid) = 0;
  virtual const char* kind() const = 0;
};

class MemoryInboxCache : public InboxCache {
 public:
  Lookup get(const std::string& user_uuid) override;
  void put(const std::string& user_uuid, const std::string& version,
           const CachedInbox& page) override;
  void invalidate(const std::string& user_uuid) override;
  const char* kind() const override { return "memory"; }

 private:
  struct Entry {
    uint64_t version = 0;
    std::optional<CachedInbox> page;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace cruddur
