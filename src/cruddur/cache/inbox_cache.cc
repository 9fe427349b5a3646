#include "cruddur/cache/inbox_cache.h"

namespace cruddur {

InboxCache::Lookup MemoryInboxCache::get(const std::string& user_uuid) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[user_uuid];
  return {entry.page, std::to_string(entry.version)};
}

void MemoryInboxCache::put(const std::string& user_uuid, const std::string& version,
                           const CachedInbox& page) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[user_uuid];
  if (std::to_string(entry.version) == version) entry.page = page;
}

void MemoryInboxCache::invalidate(const std::string& user_uuid) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[user_uuid];
  ++entry.version;
  entry.page.reset();
}

}  // namespace cruddur
