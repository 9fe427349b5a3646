// InboxUpdater: the seed's Lambda, done right. For each new message (an INSERT of a message
// row) it moves the conversation's inbox rows forward to the message's time and text, through
// the store (MessagesTable::move_inboxes): each move is one transaction, conditioned on the old
// row still being there, and a row never moves back in time, so handling a record twice
// changes nothing.
#pragma once

#include <simdjson.h>

#include <string>

#include "aws/json_client.h"
#include "cruddur/store/messages.h"

namespace cruddur {

class InboxUpdater {
 public:
  // `client` must outlive the updater.
  InboxUpdater(aws::JsonClient& client, std::string table) : table_(client, std::move(table)) {}

  // Handles every record of a GetRecords batch (its "Records" array). Returns how many inbox
  // rows moved. Throws aws::AwsError when the table cannot be reached.
  int handle_batch(simdjson::dom::array records);

 private:
  MessagesTable table_;
};

}  // namespace cruddur
