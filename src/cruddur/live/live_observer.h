// LiveObserver: what the stream worker does, passed on to whatever shows it: the inbox cache
// (the pages of the members whose rows were written are invalidated) and the event hub (each
// message, and each unread count that changed for a user who has an event stream open). Messages
// from before the observer was made (the stream's backlog, read when a worker starts) are not
// pushed: every event stream of this process opened later, and its client read its lists then.
#pragma once

#include <string>
#include <vector>

#include "cruddur/cache/inbox_cache.h"
#include "cruddur/live/event_hub.h"
#include "cruddur/stream/inbox_updater.h"

namespace cruddur {

class LiveObserver : public InboxObserver {
 public:
  // Either may be null; each must outlive the observer.
  LiveObserver(EventHub* hub, InboxCache* cache);

  void message_delivered(const std::string& group, const std::vector<std::string>& members,
                         const DeliveredMessage& message) override;
  void inbox_rows_changed(const std::vector<std::string>& owners) override;
  void unread_changed(MessagesTable& table, const std::string& owner, const std::string& group,
                      int64_t unread) override;

 private:
  EventHub* hub_;
  InboxCache* cache_;
  std::string since_;  // messages timed before it are the backlog
};

}  // namespace cruddur
