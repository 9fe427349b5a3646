#include "cruddur/cache/redis_inbox_cache.h"

namespace cruddur {

namespace {

constexpr std::string_view kEpoch = "cruddur:inbox:epoch";

std::string version_key(const std::string& user_uuid) {
  return "cruddur:inbox:ver:" + user_uuid;
}

constexpr std::string_view kPageSeconds = "60";

// The version given out is "<epoch>:<ver>"; the page's key carries both.
std::string page_key(const std::string& user_uuid, const std::string& version) {
  return "cruddur:inbox:page:" + user_uuid + ":" + version;
}

std::string counter(const RedisReply& reply) {
  return reply.nil ? "0" : reply.text;
}

}  // namespace

RedisInboxCache::RedisInboxCache(RedisClient& redis) : redis_(redis) {
  retry_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; })) {
      if (missed_) {
        lock.unlock();
        settle_missed();
        lock.lock();
      }
    }
  });
}

RedisInboxCache::~RedisInboxCache() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  retry_.join();
}

bool RedisInboxCache::settle_missed() {
  uint64_t failures = redis_.failures();
  // Taken before the INCR: an invalidation missed meanwhile sets it again.
  bool missed = missed_.exchange(false);
  if (!missed && failures == failures_seen_) return true;
  if (!redis_.command({"INCR", kEpoch})) {
    missed_ = true;
    return false;
  }
  failures_seen_ = failures;  // failures after it was read are seen next time
  return true;
}

InboxCache::Lookup RedisInboxCache::get(const std::string& user_uuid) {
  if (!settle_missed()) return {};
  std::string ver_key = version_key(user_uuid);
  auto counters = redis_.command({"MGET", kEpoch, ver_key});
  if (!counters || counters->elements.size() != 2) return {};
  std::string version = counter(counters->elements[0]) + ":" + counter(counters->elements[1]);
  auto held = redis_.command({"GET", page_key(user_uuid, version)});
  if (!held) return {};
  Lookup lookup;
  lookup.version = version;
  if (!held->nil) {
    size_t newline = held->text.find('\n');
    if (newline != std::string::npos) {
      lookup.page = CachedInbox{held->text.substr(newline + 1), held->text.substr(0, newline)};
    }
  }
  return lookup;
}

void RedisInboxCache::put(const std::string& user_uuid, const std::string& version,
                          const CachedInbox& page) {
  std::string value = page.cursor + "\n" + page.body;
  // A put under a version that is no longer current writes a key nobody reads; it expires.
  redis_.command({"SET", page_key(user_uuid, version), value, "EX", kPageSeconds});
}

void RedisInboxCache::invalidate(const std::string& user_uuid) {
  if (!settle_missed() || !redis_.command({"INCR", version_key(user_uuid)})) missed_ = true;
}

}  // namespace cruddur
