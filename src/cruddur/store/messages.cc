#include "cruddur/store/messages.h"

#include <simdjson.h>

#include <chrono>
#include <stdexcept>

#include "common/base64.h"
#include "common/json_writer.h"
#include "common/uuid.h"
#include "cruddur/model/keys.h"
#include "cruddur/store/queries.h"
#include "cruddur/store/string_item.h"

namespace cruddur {

namespace {

Attributes message_item(const std::string& group, const std::string& time,
                        const std::string& message_uuid, const User& sender,
                        const std::string& text) {
  return {{"pk", message_pk(group)},      {"sk", time},
          {"message_uuid", message_uuid}, {"message", text},
          {"user_uuid", sender.uuid},     {"user_display_name", sender.display_name},
          {"user_handle", sender.handle}};
}

Attributes inbox_item(const User& owner, const User& other, const std::string& group,
                      const std::string& time, const std::string& text) {
  return {{"pk", inbox_pk(owner.uuid)},  {"sk", time},
          {"message_group_uuid", group}, {"message", text},
          {"user_uuid", other.uuid},     {"user_display_name", other.display_name},
          {"user_handle", other.handle}};
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
  simdjson::dom::parser parser;
  simdjson::dom::element answer = parser.parse(client_.call("Query", request));
  Page page;
  for (simdjson::dom::element item : simdjson::dom::array(answer["Items"])) {
    std::string group = string_attribute(item, "message_group_uuid");
    std::string row_pk = string_attribute(item, "pk");
    page.rows.push_back(Row{group.empty() ? string_attribute(item, "message_uuid") : group,
                            string_attribute(item, "user_display_name"),
                            string_attribute(item, "user_handle"),
                            string_attribute(item, "message"), string_attribute(item, "sk"),
                            row_pk.rfind("GRP#", 0) == 0 ? row_pk.substr(4) : ""});
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
    std::string pk = string_attribute(item, "pk");
    rows.push_back(Row{group_uuid, string_attribute(item, "user_display_name"),
                       string_attribute(item, "user_handle"), string_attribute(item, "message"),
                       string_attribute(item, "sk"), pk.substr(4)});
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
    write_string_item(w, message_item(group_uuid, created_at, message_uuid, sender, text));
    w.key("ConditionExpression");
    w.string("attribute_not_exists(pk)");
    w.end_object();
    try {
      client_.call("PutItem", w.take());
      return Row{message_uuid, sender.display_name, sender.handle, text, created_at, ""};
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
  return string_attribute(item, "group_uuid");
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
      message_item(group, time, common::random_uuid(), sender, text),
      inbox_item(sender, receiver, group, time, text),
      inbox_item(receiver, sender, group, time, text),
      {{"pk", pair_pk(sender.uuid, receiver.uuid)}, {"sk", kPairSk}, {"group_uuid", group}}};
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

}  // namespace cruddur
