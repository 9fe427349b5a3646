// InboxUpdater: the seed's Lambda, done right. For each new message (an INSERT of a message
// row) it moves the conversation's inbox rows forward to the message's time and text, through
// the store (MessagesTable::move_inboxes): each move is one transaction, conditioned on the old
// row still being there, and a row never moves back in time, so handling a record twice
// changes nothing.
#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

#include "aws/json_client.h"
#include "cruddur/store/messages.h"

namespace cruddur {

// Told of what the updater did, once it is in the table: how a process shows it live (the
// event hub of `cruddur serve`). Called on the updater's thread.
class InboxObserver {
 public:
  virtual ~InboxObserver() = default;
  // A new message of `group`, whose members are `members` (user uuids).
  virtual void message_delivered(const std::string& group, const std::vector<std::string>& members,
                                 const DeliveredMessage& message) = 0;
  // The inbox rows of `owners` were written (moved, or counted).
  virtual void inbox_rows_changed(const std::vector<std::string>& owners) = 0;
  // `owner`'s unread count of `group` is now `unread`; `table` is the updater's, for any further
  // read.
  virtual void unread_changed(MessagesTable& table, const std::string& owner,
                              const std::string& group, int64_t unread) = 0;
};

class InboxUpdater {
 public:
  // `client` must outlive the updater, and `observer` (may be null) too.
  InboxUpdater(aws::JsonClient& client, std::string table, InboxObserver* observer = nullptr)
      : table_(client, std::move(table)), observer_(observer) {}

  // Handles every record of a GetRecords batch (its "Records" array). Returns how many inbox
  // rows moved. Throws aws::AwsError when the table cannot be reached.
  int handle_batch(simdjson::dom::array records);

 private:
  MessagesTable table_;
  InboxObserver* observer_;
};

}  // namespace cruddur
