#include "cruddur/store/requests.h"

#include "common/json_writer.h"
#include "cruddur/model/rows.h"
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
  w.string(kMessageGroupIndex);
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
  write_string_item(w, {{attr::kPk, pair_pk(user_a, user_b)}, {attr::kSk, kPairSk}});
  w.key("ConsistentRead");
  w.boolean(true);
  w.end_object();
  return w.take();
}

std::string create_messages_table_request(const std::string& table) {
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("AttributeDefinitions");
  w.begin_array();
  for (const char* name : {attr::kPk, attr::kSk, attr::kMessageGroupUuid}) {
    w.begin_object();
    w.key("AttributeName");
    w.string(name);
    w.key("AttributeType");
    w.string("S");
    w.end_object();
  }
  w.end_array();
  auto key_schema = [&](const char* hash) {
    w.begin_array();
    for (auto [name, type] : {std::pair{hash, "HASH"}, std::pair{attr::kSk, "RANGE"}}) {
      w.begin_object();
      w.key("AttributeName");
      w.string(name);
      w.key("KeyType");
      w.string(type);
      w.end_object();
    }
    w.end_array();
  };
  w.key("KeySchema");
  key_schema(attr::kPk);
  w.key("GlobalSecondaryIndexes");
  w.begin_array();
  w.begin_object();
  w.key("IndexName");
  w.string(kMessageGroupIndex);
  w.key("KeySchema");
  key_schema(attr::kMessageGroupUuid);
  w.key("Projection");
  w.begin_object();
  w.key("ProjectionType");
  w.string("ALL");
  w.end_object();
  w.end_object();
  w.end_array();
  w.key("BillingMode");
  w.string("PAY_PER_REQUEST");
  w.key("StreamSpecification");
  w.begin_object();
  w.key("StreamEnabled");
  w.boolean(true);
  w.key("StreamViewType");
  w.string("NEW_IMAGE");
  w.end_object();
  w.end_object();
  return w.take();
}

std::string put_rows_request(const std::string& table, std::span<const Attributes> rows) {
  common::JsonWriter w;
  w.begin_object();
  w.key("RequestItems");
  w.begin_object();
  w.key(table);
  w.begin_array();
  for (const auto& row : rows) {
    w.begin_object();
    w.key("PutRequest");
    w.begin_object();
    w.key("Item");
    write_string_item(w, row);
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
  return w.take();
}

namespace {

// The count read must still be the row's: a read marked meanwhile, or another worker's write,
// fails the condition, and the write is retried from the row as it is then. `more` are further
// values the caller's expression uses.
void write_unchanged_condition(common::JsonWriter& w, int64_t unread,
                               std::initializer_list<std::pair<const char*, std::string>> more) {
  w.key("ConditionExpression");
  w.string(
      "attribute_exists(pk) AND (unread = :unread OR (attribute_not_exists(unread) AND "
      ":unread = :zero))");
  w.key("ExpressionAttributeValues");
  w.begin_object();
  for (auto [name, value] : {std::pair{":unread", unread}, std::pair{":zero", int64_t{0}}}) {
    w.key(name);
    w.begin_object();
    w.key("N");
    w.string(std::to_string(value));
    w.end_object();
  }
  for (const auto& [name, json] : more) {
    w.key(name);
    w.raw(json);
  }
  w.end_object();
}

}  // namespace

std::string move_inbox_row_request(const std::string& table, simdjson::dom::element row,
                                   const std::string& time, const std::string& message,
                                   const std::string& sender_handle, int64_t unread_increase,
                                   const std::string& counted_through) {
  int64_t unread = number_attribute(row, attr::kUnread);
  common::JsonWriter w;
  w.begin_object();
  w.key("TransactItems");
  w.begin_array();
  w.begin_object();
  w.key("Delete");
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("Key");
  write_string_item(w, {{attr::kPk, string_attribute(row, attr::kPk)},
                        {attr::kSk, string_attribute(row, attr::kSk)}});
  write_unchanged_condition(w, unread, {});
  w.end_object();
  w.end_object();
  w.begin_object();
  w.key("Put");
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("Item");
  w.begin_object();
  for (auto field : simdjson::dom::object(row)) {
    if (field.key == attr::kLastSenderHandle || field.key == attr::kUnread ||
        field.key == attr::kCountedThrough) {
      continue;  // written below
    }
    w.key(field.key);
    if (field.key == attr::kSk || field.key == attr::kMessage) {
      w.begin_object();
      w.key("S");
      w.string(field.key == attr::kSk ? time : message);
      w.end_object();
    } else {
      w.raw(simdjson::minify(field.value));  // every other attribute as it is
    }
  }
  w.key(attr::kLastSenderHandle);
  w.begin_object();
  w.key("S");
  w.string(sender_handle);
  w.end_object();
  w.key(attr::kUnread);
  w.begin_object();
  w.key("N");
  w.string(std::to_string(unread + unread_increase));
  w.end_object();
  w.key(attr::kCountedThrough);
  w.begin_object();
  w.key("S");
  w.string(counted_through);
  w.end_object();
  w.end_object();
  w.end_object();
  w.end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

std::string count_unread_request(const std::string& table, simdjson::dom::element row,
                                 int64_t unread_increase, const std::string& counted_through) {
  int64_t unread = number_attribute(row, attr::kUnread);
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("Key");
  write_string_item(w, {{attr::kPk, string_attribute(row, attr::kPk)},
                        {attr::kSk, string_attribute(row, attr::kSk)}});
  w.key("UpdateExpression");
  w.string("SET unread = :next, counted_through = :through");
  common::JsonWriter through;
  through.begin_object();
  through.key("S");
  through.string(counted_through);
  through.end_object();
  write_unchanged_condition(
      w, unread,
      {{":next", "{\"N\":\"" + std::to_string(unread + unread_increase) + "\"}"},
       {":through", through.take()}});
  w.end_object();
  return w.take();
}

std::string mark_read_request(const std::string& table, const std::string& pk,
                              const std::string& sk) {
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("Key");
  write_string_item(w, {{attr::kPk, pk}, {attr::kSk, sk}});
  w.key("UpdateExpression");
  w.string("SET unread = :zero");
  w.key("ConditionExpression");
  w.string("attribute_exists(pk)");
  w.key("ExpressionAttributeValues");
  w.begin_object();
  w.key(":zero");
  w.begin_object();
  w.key("N");
  w.string("0");
  w.end_object();
  w.end_object();
  w.end_object();
  return w.take();
}

}  // namespace cruddur
