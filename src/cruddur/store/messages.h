// MessagesTable: Cruddur's access patterns over its single table (model/rows.h), through any
// DynamoDB endpoint: the one writer of the table's rows, for the API, the stream worker and the
// operator commands. Uses a client it does not own: one instance per client, one thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/json_client.h"
#include "cruddur/model/rows.h"
#include "cruddur/store/users.h"

namespace cruddur {

// A row as the API shows it: an inbox row (uuid = the group) or a message (uuid = the message).
struct Row {
  std::string uuid;
  std::string display_name;
  std::string handle;
  std::string message;
  std::string created_at;          // the row's sk
  std::string owner;               // inbox rows: the owner's user uuid
  std::string last_sender_handle;  // inbox rows: who sent `message` ("" for rows written before)
  int64_t unread = 0;              // inbox rows: the other member's messages not yet read
};

// A message as the stream delivers it, for the inbox rows it moves.
struct DeliveredMessage {
  std::string time;  // the message's sk
  std::string text;
  std::string sender_handle;
  std::string sequence;  // its stream record's SequenceNumber
  std::string uuid;      // the message's uuid
  std::string sender_display_name;
};

// What move_inboxes() changed, for whoever shows it live.
struct InboxChanges {
  std::vector<std::string> members;  // the conversation's members' user uuids
  std::vector<std::string> changed;  // the members whose inbox row was written
  // The rows whose unread count changed: owner's user uuid, the count now.
  std::vector<std::pair<std::string, int64_t>> unread;
};

enum class MarkRead { kDone, kNoConversation, kNotMember };

struct Page {
  std::vector<Row> rows;
  std::string cursor;  // opaque; empty when there is no more
};

class MessagesTable {
 public:
  // `client` must outlive the table.
  MessagesTable(aws::JsonClient& client, std::string table)
      : client_(client), table_(std::move(table)) {}

  // A user's conversations, newest first, 20 a page. These and messages() throw
  // std::invalid_argument for a cursor that is not one of this list's.
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

  // Moves every member's inbox row of `group` forward to the newest of `delivered` (the group's
  // messages in time order), adding to its unread count the other member's messages it has not
  // taken in yet: those after its time or, once it counts, after the stream sequence number it
  // has counted through (records of one conversation arrive in commit order). A row never
  // moves back in time and counts a message once, so a record delivered again, or a batch
  // replayed after a crash, changes nothing, and a message committed after a later one is
  // still counted. A row moved or marked read meanwhile is read again and retried. Returns how
  // many rows moved, and fills `changes` when given.
  int move_inboxes(const std::string& group, const std::vector<DeliveredMessage>& delivered,
                   InboxChanges* changes = nullptr);
  // The sum of `user_uuid`'s unread counts over all their conversations.
  int64_t total_unread(const std::string& user_uuid);
  // Sets `user_uuid`'s unread count of `group` to 0.
  MarkRead mark_read(const std::string& group, const std::string& user_uuid);

  // Writes a whole conversation `group` between `a` and `b`: one message per line (from `a`,
  // then `b`, in turn; a minute apart, the last a minute ago), both inbox rows showing the last
  // one, and the pair marker. Does nothing and returns false when the two already have a
  // conversation.
  bool seed_conversation(const std::string& group, const User& a, const User& b,
                         const std::vector<std::string>& lines);

  // Throws std::invalid_argument for a cursor that is not one of ours.
  static std::string decode_cursor(const std::string& cursor);

 private:
  Page query_page(const std::string& pk, const std::string& cursor);

  // BatchWriteItem of any number of rows, 25 at a time, sending unprocessed items again.
  void put_rows(const std::vector<Attributes>& rows);

  aws::JsonClient& client_;
  std::string table_;
};

}  // namespace cruddur
