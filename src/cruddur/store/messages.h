// MessagesTable: the access patterns of CRUDDUR.md over the single table, through any DynamoDB
// endpoint. One instance per thread (it holds a client).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/dynamodb_client.h"
#include "cruddur/store/users.h"

namespace cruddur {

// A row as the API shows it: an inbox row (uuid = the group) or a message (uuid = the message).
struct Row {
  std::string uuid;
  std::string display_name;
  std::string handle;
  std::string message;
  std::string created_at;  // the row's sk
  std::string owner;       // inbox rows: the owner's user uuid
};

struct Page {
  std::vector<Row> rows;
  std::string cursor;  // opaque; empty when there is no more
};

class MessagesTable {
 public:
  MessagesTable(aws::ClientOptions options, std::string table)
      : client_(std::move(options)), table_(std::move(table)) {}

  // A user's conversations, newest first, 20 a page.
  Page inbox(const std::string& user_uuid, const std::string& cursor);
  // A conversation's messages: 20 a page, newest first (the caller shows them oldest first).
  Page messages(const std::string& group_uuid, const std::string& cursor);
  // The inbox rows of a conversation: one per member.
  std::vector<Row> members(const std::string& group_uuid);
  // Writes a message; its time moves forward a microsecond until no message of the group holds
  // it. Returns the message row.
  Row send(const std::string& group_uuid, const User& sender, const std::string& text);
  // The conversation between two users, if there is one.
  std::optional<std::string> find_pair(const std::string& user_a, const std::string& user_b);
  // Starts a conversation with one atomic write: the message, both inbox rows and the pair marker.
  // If the pair already has a conversation, the message goes there instead. Returns the group.
  std::string start_conversation(const User& sender, const User& receiver, const std::string& text);

  // Throws std::invalid_argument for a cursor that is not one of ours.
  static std::string decode_cursor(const std::string& cursor);

 private:
  Page query_page(const std::string& pk, const std::string& cursor);

  aws::DynamoDBClient client_;
  std::string table_;
};

}  // namespace cruddur
