#include "cruddur/stream/inbox_updater.h"

#include <map>

#include "common/json_writer.h"
#include "cruddur/model/keys.h"
#include "cruddur/store/queries.h"
#include "cruddur/store/string_item.h"

namespace cruddur {

int InboxUpdater::handle_batch(simdjson::dom::array records) {
  // Only the newest message of each conversation in the batch matters.
  std::map<std::string, std::pair<std::string, std::string>> newest;  // group -> (time, text)
  for (simdjson::dom::element record : records) {
    std::string_view event;
    if (record["eventName"].get(event) || event != "INSERT") continue;
    simdjson::dom::element image;
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
    simdjson::dom::element members =
        parser.parse(client_.call("Query", group_members_query(table_, group)));
    bool retry = false;
    for (simdjson::dom::element item : simdjson::dom::array(members["Items"])) {
      simdjson::dom::object row = item;
      std::string pk = string_attribute(item, "pk"), sk = string_attribute(item, "sk");
      if (sk >= time) continue;  // never move a row back in time
      common::JsonWriter t;
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
