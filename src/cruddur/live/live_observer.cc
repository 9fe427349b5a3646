#include "cruddur/live/live_observer.h"

#include <chrono>

#include "cruddur/model/timestamps.h"

namespace cruddur {

// Five seconds before now: a message sent just before the start, by a clock a little ahead of
// this one, is still pushed.
LiveObserver::LiveObserver(EventHub* hub, InboxCache* cache)
    : hub_(hub),
      cache_(cache),
      since_(utc_timestamp(std::chrono::system_clock::now() - std::chrono::seconds(5))) {}

void LiveObserver::message_delivered(const std::string& group,
                                     const std::vector<std::string>& members,
                                     const DeliveredMessage& m) {
  // Message times are ISO 8601 in one form (model/timestamps.h): their order is their text's.
  if (hub_ && m.time >= since_) {
    hub_->message(members, {group, m.uuid, m.sender_handle, m.sender_display_name, m.text, m.time});
  }
}

void LiveObserver::inbox_rows_changed(const std::vector<std::string>& owners) {
  if (!cache_) return;
  for (const auto& owner : owners) cache_->invalidate(owner);
}

void LiveObserver::unread_changed(MessagesTable& table, const std::string& owner,
                                  const std::string& group, int64_t unread) {
  // The total costs a read of the owner's inbox: only for someone watching, here or, with the
  // events relayed, possibly elsewhere.
  if (hub_ && (hub_->watching(owner) || hub_->relayed())) {
    hub_->unread(owner, group, unread, table.total_unread(owner));
  }
}

}  // namespace cruddur
