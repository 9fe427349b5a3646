#include "cruddur/stream/inbox_updater.h"

#include <map>

#include "cruddur/model/keys.h"
#include "ddb/value/json_writer.h"

namespace cruddur {

namespace {

std::string string_attribute(simdjson::dom::object image, const char* name) {
  std::string_view value;
  if (image[name]["S"].get(value)) return "";
  return std::string(value);
}

}  // namespace

int InboxUpdater::handle_batch(simdjson::dom::array records) {
  // Only the newest message of each conversation in the batch matters.
  std::map<std::string, std::pair<std::string, std::string>> newest;  // group -> (time, text)
  for (simdjson::dom::element record : records) {
    std::string_view event;
    if (record["eventName"].get(event) || event != "INSERT") continue;
    simdjson::dom::object image;
    if (record["dynamodb"]["NewImage"].get(image)) continue;
    std::string pk = string_attribute(image, "pk");
    if (pk.rfind("MSG#", 0) != 0) continue;
    std::string group = pk.substr(4);
    std::string time = string_attribute(image, "sk");
    auto& slot = newest[group];
    if (time > slot.first) slot = {time, string_attribute(image, "message")};
  }
  int moved = 0;
  for (const auto& [group, latest] : newest)
    moved += move_inboxes(group, latest.first, latest.second);
  return moved;
}

int InboxUpdater::move_inboxes(const std::string& group, const std::string& time,
                               const std::string& message) {
  simdjson::dom::parser parser;
  int moved = 0;
  // A move cancelled because the row moved meanwhile is retried from the members read again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    ddb::JsonWriter q;
    q.begin_object();
    q.key("TableName");
    q.string(table_);
    q.key("IndexName");
    q.string("message-group-sk-index");
    q.key("KeyConditionExpression");
    q.string("message_group_uuid = :g");
    q.key("ExpressionAttributeValues");
    q.begin_object();
    q.key(":g");
    q.begin_object();
    q.key("S");
    q.string(group);
    q.end_object();
    q.end_object();
    q.end_object();
    simdjson::dom::element members = parser.parse(client_.call("Query", q.take()));
    bool retry = false;
    for (simdjson::dom::object row : simdjson::dom::array(members["Items"])) {
      std::string pk = string_attribute(row, "pk"), sk = string_attribute(row, "sk");
      if (sk >= time) continue;  // never move a row back in time
      ddb::JsonWriter t;
      t.begin_object();
      t.key("TransactItems");
      t.begin_array();
      t.begin_object();
      t.key("Delete");
      t.begin_object();
      t.key("TableName");
      t.string(table_);
      t.key("Key");
      t.begin_object();
      for (const auto& [name, value] : {std::pair{"pk", pk}, std::pair{"sk", sk}}) {
        t.key(name);
        t.begin_object();
        t.key("S");
        t.string(value);
        t.end_object();
      }
      t.end_object();
      t.key("ConditionExpression");
      t.string("attribute_exists(pk)");
      t.end_object();
      t.end_object();
      t.begin_object();
      t.key("Put");
      t.begin_object();
      t.key("TableName");
      t.string(table_);
      t.key("Item");
      t.begin_object();
      for (auto field : row) {
        t.key(field.key);
        if (field.key == "sk" || field.key == "message") {
          t.begin_object();
          t.key("S");
          t.string(field.key == "sk" ? time : message);
          t.end_object();
        } else {
          t.raw(simdjson::minify(field.value));  // the attribute as it is
        }
      }
      t.end_object();
      t.end_object();
      t.end_object();
      t.end_array();
      t.end_object();
      try {
        client_.call("TransactWriteItems", t.take());
        ++moved;
      } catch (const aws::AwsError& e) {
        if (e.type() != "TransactionCanceledException" &&
            e.type() != "TransactionConflictException") {
          throw;
        }
        retry = true;
      }
    }
    if (!retry) break;
  }
  return moved;
}

}  // namespace cruddur
