#include "cruddur/store/messages.h"

#include <algorithm>

#include <simdjson.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "common/base64.h"
#include "common/json_writer.h"
#include "common/uuid.h"
#include "cruddur/model/rows.h"
#include "cruddur/model/timestamps.h"
#include "cruddur/store/requests.h"
#include "cruddur/store/string_item.h"

namespace cruddur {

namespace {

// A new conversation's inbox rows count the other's messages from its first one on: their
// counts have taken in nothing yet ("0" is below every sequence number).
Attributes counting(Attributes row) {
  row.emplace_back(attr::kCountedThrough, "0");
  return row;
}

// Stream sequence numbers are decimal strings: the longer is the greater.
bool later_sequence(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() > b.size() : a > b;
}

}  // namespace

std::string MessagesTable::decode_cursor(const std::string& cursor) {
  auto json = common::base64url_decode(cursor);
  simdjson::dom::parser parser;
  simdjson::dom::object key;
  if (!json || parser.parse(*json).get(key) || key.size() == 0) {
    throw std::invalid_argument("not a cursor");
  }
  return *json;
}

Page MessagesTable::query_page(const std::string& pk, const std::string& cursor) {
  std::string request =
      newest_first_query(table_, pk, 20, cursor.empty() ? "" : decode_cursor(cursor));
  std::string body;
  try {
    body = client_.call("Query", request);
  } catch (const aws::AwsError& e) {
    // A cursor of another list (another conversation's key, or a key of another shape) is the
    // caller's mistake, which DynamoDB reports as a ValidationException of ExclusiveStartKey.
    if (!cursor.empty() && e.type() == "ValidationException") {
      throw std::invalid_argument("not a cursor of this list");
    }
    throw;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element answer = parser.parse(body);
  Page page;
  for (simdjson::dom::element item : simdjson::dom::array(answer["Items"])) {
    std::string group = string_attribute(item, attr::kMessageGroupUuid);
    std::string row_pk = string_attribute(item, attr::kPk);
    bool inbox = row_pk.rfind(kInboxPkPrefix, 0) == 0;
    page.rows.push_back(Row{
        group.empty() ? string_attribute(item, attr::kMessageUuid) : group,
        string_attribute(item, attr::kUserDisplayName), string_attribute(item, attr::kUserHandle),
        string_attribute(item, attr::kMessage), string_attribute(item, attr::kSk),
        inbox ? row_pk.substr(std::string_view(kInboxPkPrefix).size()) : "",
        string_attribute(item, attr::kLastSenderHandle), number_attribute(item, attr::kUnread)});
  }
  simdjson::dom::element last;
  if (!answer["LastEvaluatedKey"].get(last))
    page.cursor = common::base64url_encode(simdjson::minify(last));
  return page;
}

Page MessagesTable::inbox(const std::string& user_uuid, const std::string& cursor) {
  return query_page(inbox_pk(user_uuid), cursor);
}

Page MessagesTable::messages(const std::string& group_uuid, const std::string& cursor) {
  return query_page(message_pk(group_uuid), cursor);
}

std::vector<Row> MessagesTable::members(const std::string& group_uuid) {
  simdjson::dom::parser parser;
  std::vector<Row> rows;
  simdjson::dom::element answer =
      parser.parse(client_.call("Query", group_members_query(table_, group_uuid)));
  for (simdjson::dom::element item : simdjson::dom::array(answer["Items"])) {
    std::string pk = string_attribute(item, attr::kPk);
    rows.push_back(Row{
        group_uuid, string_attribute(item, attr::kUserDisplayName),
        string_attribute(item, attr::kUserHandle), string_attribute(item, attr::kMessage),
        string_attribute(item, attr::kSk), pk.substr(std::string_view(kInboxPkPrefix).size()),
        string_attribute(item, attr::kLastSenderHandle), number_attribute(item, attr::kUnread)});
  }
  return rows;
}

Row MessagesTable::send(const std::string& group_uuid, const User& sender,
                        const std::string& text) {
  auto time = std::chrono::system_clock::now();
  std::string message_uuid = common::random_uuid();
  for (int attempt = 0; attempt < 100; ++attempt, time += std::chrono::microseconds(1)) {
    std::string created_at = utc_timestamp(time);
    common::JsonWriter w;
    w.begin_object();
    w.key("TableName");
    w.string(table_);
    w.key("Item");
    write_string_item(w, message_row(group_uuid, created_at, message_uuid, sender, text));
    w.key("ConditionExpression");
    w.string("attribute_not_exists(pk)");
    w.end_object();
    try {
      client_.call("PutItem", w.take());
      return Row{message_uuid, sender.display_name, sender.handle, text, created_at, "", ""};
    } catch (const aws::AwsError& e) {
      if (e.type() != "ConditionalCheckFailedException") throw;  // else: that µs is taken
    }
  }
  throw std::runtime_error("could not find a free time for the message");
}

std::optional<std::string> MessagesTable::find_pair(const std::string& user_a,
                                                    const std::string& user_b) {
  simdjson::dom::parser parser;
  simdjson::dom::element item;
  std::string answer = client_.call("GetItem", pair_marker_get(table_, user_a, user_b));
  if (parser.parse(answer)["Item"].get(item)) return std::nullopt;
  return string_attribute(item, attr::kGroupUuid);
}

std::string MessagesTable::start_conversation(const User& sender, const User& receiver,
                                              const std::string& text) {
  if (auto existing = find_pair(sender.uuid, receiver.uuid)) {
    send(*existing, sender, text);
    return *existing;
  }
  std::string group = common::random_uuid();
  std::string time = utc_timestamp(std::chrono::system_clock::now());
  common::JsonWriter w;
  w.begin_object();
  w.key("TransactItems");
  w.begin_array();
  std::vector<Attributes> items = {
      message_row(group, time, common::random_uuid(), sender, text),
      counting(inbox_row(sender, receiver, group, time, text, sender.handle)),
      counting(inbox_row(receiver, sender, group, time, text, sender.handle)),
      pair_marker_row(sender.uuid, receiver.uuid, group)};
  for (const auto& item : items) {
    w.begin_object();
    w.key("Put");
    w.begin_object();
    w.key("TableName");
    w.string(table_);
    w.key("Item");
    write_string_item(w, item);
    w.key("ConditionExpression");
    w.string("attribute_not_exists(pk)");
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  try {
    client_.call("TransactWriteItems", w.take());
    return group;
  } catch (const aws::AwsError& e) {
    // Someone started this pair's conversation meanwhile: use theirs.
    if (e.type() != "TransactionCanceledException") throw;
    if (auto existing = find_pair(sender.uuid, receiver.uuid)) {
      send(*existing, sender, text);
      return *existing;
    }
    throw;
  }
}

int MessagesTable::move_inboxes(const std::string& group,
                                const std::vector<DeliveredMessage>& delivered,
                                InboxChanges* changes) {
  if (delivered.empty()) return 0;
  const DeliveredMessage& newest = delivered.back();
  std::string last_sequence;
  for (const auto& m : delivered) {
    if (last_sequence.empty() || later_sequence(m.sequence, last_sequence)) {
      last_sequence = m.sequence;
    }
  }
  simdjson::dom::parser parser;
  int moved = 0;
  // A write cancelled because the row moved or was read meanwhile is retried from the row read
  // again.
  for (int attempt = 0; attempt < 8; ++attempt) {
    simdjson::dom::element members =
        parser.parse(client_.call("Query", group_members_query(table_, group)));
    bool retry = false;
    if (changes) changes->members.clear();  // `changed` and `unread` keep every attempt's
    for (simdjson::dom::element row : simdjson::dom::array(members["Items"])) {
      std::string owner =
          string_attribute(row, attr::kPk).substr(std::string_view(kInboxPkPrefix).size());
      if (changes) changes->members.push_back(owner);
      std::string row_time = string_attribute(row, attr::kSk);
      std::string counted = string_attribute(row, attr::kCountedThrough);
      // The owner's unread messages are the other member's (the one the row names) that the row
      // has not taken in: after its time or, once it counts, after its sequence number. The
      // seed's rows, which do not count, take in nothing before their time.
      std::string other = string_attribute(row, attr::kUserHandle);
      int64_t increase = std::count_if(delivered.begin(), delivered.end(), [&](const auto& m) {
        bool new_to_row =
            m.time > row_time || (!counted.empty() && later_sequence(m.sequence, counted));
        return new_to_row && m.sender_handle == other;
      });
      std::string through =
          counted.empty() || later_sequence(last_sequence, counted) ? last_sequence : counted;
      try {
        if (row_time < newest.time) {
          client_.call("TransactWriteItems",
                       move_inbox_row_request(table_, row, newest.time, newest.text,
                                              newest.sender_handle, increase, through));
          ++moved;
        } else if (increase > 0) {
          // A message committed after a later one: counted where the row stands.
          client_.call("UpdateItem", count_unread_request(table_, row, increase, through));
        }
        if (changes && increase > 0) {
          changes->unread.emplace_back(owner, number_attribute(row, attr::kUnread) + increase);
        }
        if (changes && (row_time < newest.time || increase > 0) &&
            std::find(changes->changed.begin(), changes->changed.end(), owner) ==
                changes->changed.end()) {
          changes->changed.push_back(owner);
        }
      } catch (const aws::AwsError& e) {
        if (e.type() != "TransactionCanceledException" &&
            e.type() != "TransactionConflictException" &&
            e.type() != "ConditionalCheckFailedException") {
          throw;
        }
        retry = true;
      }
    }
    if (!retry) break;
  }
  return moved;
}

int64_t MessagesTable::total_unread(const std::string& user_uuid) {
  int64_t total = 0;
  std::string cursor;
  do {
    Page page = inbox(user_uuid, cursor);
    for (const Row& row : page.rows) total += row.unread;
    cursor = page.cursor;
  } while (!cursor.empty());
  return total;
}

MarkRead MessagesTable::mark_read(const std::string& group, const std::string& user_uuid) {
  simdjson::dom::parser parser;
  for (int attempt = 0; attempt < 8; ++attempt) {
    simdjson::dom::element members =
        parser.parse(client_.call("Query", group_members_query(table_, group)));
    simdjson::dom::array rows = members["Items"];
    if (rows.size() == 0) return MarkRead::kNoConversation;
    std::string own = inbox_pk(user_uuid);
    for (simdjson::dom::element row : rows) {
      if (string_attribute(row, attr::kPk) != own) continue;
      try {
        client_.call("UpdateItem",
                     mark_read_request(table_, own, string_attribute(row, attr::kSk)));
        return MarkRead::kDone;
      } catch (const aws::AwsError& e) {
        // The row moved meanwhile: read it again.
        if (e.type() != "ConditionalCheckFailedException") throw;
      }
    }
    bool member = false;
    for (simdjson::dom::element row : rows) member |= string_attribute(row, attr::kPk) == own;
    if (!member) return MarkRead::kNotMember;
  }
  throw aws::AwsError("ConditionalCheckFailedException", "the inbox row kept moving", 400);
}

bool MessagesTable::seed_conversation(const std::string& group, const User& a, const User& b,
                                      const std::vector<std::string>& lines) {
  // The pair marker is written with the conversation; with one there, the two already talk (the
  // demo, or a conversation started in the app) and a second one between them must not exist.
  if (find_pair(a.uuid, b.uuid)) return false;
  auto start = std::chrono::system_clock::now() - std::chrono::minutes(lines.size());
  std::vector<Attributes> rows;
  std::string last_time, last_text;
  for (size_t i = 0; i < lines.size(); ++i) {
    last_time = utc_timestamp(start + std::chrono::minutes(i));
    last_text = lines[i];
    std::string message_uuid = group.substr(0, 24) + std::to_string(100000000000 + i);
    rows.push_back(message_row(group, last_time, message_uuid, i % 2 ? b : a, last_text));
  }
  const User& last_sender = lines.size() % 2 ? a : b;  // the last line is sent by a when odd
  rows.push_back(inbox_row(a, b, group, last_time, last_text, last_sender.handle));
  rows.push_back(inbox_row(b, a, group, last_time, last_text, last_sender.handle));
  rows.push_back(pair_marker_row(a.uuid, b.uuid, group));
  put_rows(rows);
  return true;
}

void MessagesTable::put_rows(const std::vector<Attributes>& rows) {
  simdjson::dom::parser parser;
  for (size_t begin = 0; begin < rows.size(); begin += 25) {
    std::span<const Attributes> chunk(rows.data() + begin,
                                      std::min<size_t>(25, rows.size() - begin));
    std::string request = put_rows_request(table_, chunk);
    // Unprocessed items (throttling on AWS) are sent again until none are left.
    for (int attempt = 0; attempt < 10; ++attempt) {
      simdjson::dom::element answer = parser.parse(client_.call("BatchWriteItem", request));
      simdjson::dom::object left;
      if (answer["UnprocessedItems"].get(left) || left.size() == 0) break;
      request = "{\"RequestItems\":" + simdjson::minify(left) + "}";
      std::this_thread::sleep_for(std::chrono::milliseconds(50 << attempt));
    }
  }
}

}  // namespace cruddur
