#include "cruddur/store/queries.h"

#include "common/json_writer.h"
#include "cruddur/model/keys.h"
#include "cruddur/store/string_item.h"

namespace cruddur {

std::string newest_first_query(const std::string& table, const std::string& pk, int64_t limit,
                               const std::string& exclusive_start_key) {
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("KeyConditionExpression");
  w.string("pk = :pk");
  w.key("ExpressionAttributeValues");
  write_string_item(w, {{":pk", pk}});
  w.key("ScanIndexForward");
  w.boolean(false);
  if (limit) {
    w.key("Limit");
    w.number(limit);
  }
  if (!exclusive_start_key.empty()) {
    w.key("ExclusiveStartKey");
    w.raw(exclusive_start_key);
  }
  w.end_object();
  return w.take();
}

std::string group_members_query(const std::string& table, const std::string& group_uuid) {
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("IndexName");
  w.string("message-group-sk-index");
  w.key("KeyConditionExpression");
  w.string("message_group_uuid = :g");
  w.key("ExpressionAttributeValues");
  write_string_item(w, {{":g", group_uuid}});
  w.end_object();
  return w.take();
}

std::string pair_marker_get(const std::string& table, const std::string& user_a,
                            const std::string& user_b) {
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("Key");
  write_string_item(w, {{"pk", pair_pk(user_a, user_b)}, {"sk", kPairSk}});
  w.key("ConsistentRead");
  w.boolean(true);
  w.end_object();
  return w.take();
}

}  // namespace cruddur
