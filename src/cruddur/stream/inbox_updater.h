// InboxUpdater: the seed's Lambda, done right. For each new message (an INSERT of a MSG# row) it
// moves the conversation's inbox rows forward to the message's time and text: the old row is
// deleted and the new one put in one TransactWriteItems, conditioned on the old row still being
// there. A row never moves back in time, so handling a record twice changes nothing.
#pragma once

#include <simdjson.h>

#include <string>

#include "aws/dynamodb_client.h"

namespace cruddur {

class InboxUpdater {
 public:
  InboxUpdater(aws::DynamoDBClient& client, std::string table)
      : client_(client), table_(std::move(table)) {}

  // Handles every record of a GetRecords batch (its "Records" array). Returns how many inbox
  // rows moved. Throws aws::AwsError when the table cannot be reached.
  int handle_batch(simdjson::dom::array records);

 private:
  int move_inboxes(const std::string& group, const std::string& time, const std::string& message);

  aws::DynamoDBClient& client_;
  std::string table_;
};

}  // namespace cruddur
