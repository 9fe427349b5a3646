#include "cruddur/cli/ddb_commands.h"

#include <simdjson.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "common/json_writer.h"
#include "cruddur/model/keys.h"
#include "cruddur/store/queries.h"
#include "cruddur/store/string_item.h"

namespace cruddur {

namespace {

std::string table_request(const std::string& table) {
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.end_object();
  return w.take();
}

// CRUDDUR.md's table: pk/sk strings, the message-group GSI, a NEW_IMAGE stream.
std::string create_table_request(const std::string& table) {
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.key("AttributeDefinitions");
  w.begin_array();
  for (const char* name : {"pk", "sk", "message_group_uuid"}) {
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
    w.begin_object();
    w.key("AttributeName");
    w.string(hash);
    w.key("KeyType");
    w.string("HASH");
    w.end_object();
    w.begin_object();
    w.key("AttributeName");
    w.string("sk");
    w.key("KeyType");
    w.string("RANGE");
    w.end_object();
    w.end_array();
  };
  w.key("KeySchema");
  key_schema("pk");
  w.key("GlobalSecondaryIndexes");
  w.begin_array();
  w.begin_object();
  w.key("IndexName");
  w.string("message-group-sk-index");
  w.key("KeySchema");
  key_schema("message_group_uuid");
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

// A DynamoDB-JSON value as short text: strings and numbers plainly, anything else as its JSON.
std::string plain(simdjson::dom::element value) {
  simdjson::dom::object o;
  if (value.get_object().get(o)) return simdjson::minify(value);
  for (auto field : o) {
    std::string_view type = field.key;
    if (type == "S" || type == "N") return std::string(std::string_view(field.value));
    if (type == "BOOL") return bool(field.value) ? "true" : "false";
    if (type == "NULL") return "null";
  }
  return simdjson::minify(value);
}

}  // namespace

void schema_load(DdbContext& context) {
  std::string answer = context.client.call("CreateTable", create_table_request(context.table));
  // Wait for ACTIVE, as AWS creates tables asynchronously.
  std::string status;
  simdjson::dom::parser parser;
  for (int attempt = 0; attempt < 600; ++attempt) {
    std::string description = context.client.call("DescribeTable", table_request(context.table));
    status = std::string(std::string_view(parser.parse(description)["Table"]["TableStatus"]));
    if (status == "ACTIVE") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (context.json) {
    std::cout << answer << "\n";
  } else {
    std::cout << "created table " << context.table << " (" << status << ")\n";
  }
}

void list_tables(DdbContext& context) {
  simdjson::dom::parser parser;
  std::vector<std::string> names;
  std::string start;
  do {
    common::JsonWriter w;
    w.begin_object();
    if (!start.empty()) {
      w.key("ExclusiveStartTableName");
      w.string(start);
    }
    w.end_object();
    simdjson::dom::element page = parser.parse(context.client.call("ListTables", w.take()));
    for (std::string_view name : simdjson::dom::array(page["TableNames"])) names.emplace_back(name);
    std::string_view last;
    start = page["LastEvaluatedTableName"].get(last) ? "" : std::string(last);
  } while (!start.empty());
  if (context.json) {
    common::JsonWriter w;
    w.begin_object();
    w.key("TableNames");
    w.begin_array();
    for (const auto& n : names) w.string(n);
    w.end_array();
    w.end_object();
    std::cout << w.str() << "\n";
    return;
  }
  if (names.empty()) std::cout << "(no tables)\n";
  for (const auto& n : names) std::cout << n << "\n";
}

void drop_table(DdbContext& context, const std::string& table) {
  std::string answer = context.client.call("DeleteTable", table_request(table));
  if (context.json)
    std::cout << answer << "\n";
  else
    std::cout << "deleted table " << table << "\n";
}

void scan_table(DdbContext& context) {
  simdjson::dom::parser parser;
  std::string start_key;
  size_t count = 0;
  if (context.json) std::cout << "[";
  do {
    std::string request = table_request(context.table);
    if (!start_key.empty()) {
      request.pop_back();
      request += ",\"ExclusiveStartKey\":" + start_key + "}";
    }
    simdjson::dom::element page = parser.parse(context.client.call("Scan", request));
    for (simdjson::dom::object item : simdjson::dom::array(page["Items"])) {
      if (context.json) {
        std::cout << (count ? "," : "") << simdjson::minify(item);
      } else {
        std::string line;
        for (const char* key : {"pk", "sk"}) {
          simdjson::dom::element v;
          line += (item[key].get(v) ? std::string("-") : plain(v)) + "  ";
        }
        for (auto field : item) {
          if (field.key == "pk" || field.key == "sk") continue;
          std::string text = plain(field.value);
          if (text.size() > 40) text = text.substr(0, 40) + "...";
          line += std::string(field.key) + "=" + text + "  ";
        }
        std::cout << line << "\n";
      }
      ++count;
    }
    simdjson::dom::element last;
    start_key = page["LastEvaluatedKey"].get(last) ? "" : simdjson::minify(last);
  } while (!start_key.empty());
  if (context.json)
    std::cout << "]\n";
  else
    std::cout << count << " item" << (count == 1 ? "" : "s") << "\n";
}

namespace {

User require_user(DdbContext& context, const std::string& handle) {
  if (!context.users) throw std::runtime_error("no users directory");
  auto user = context.users->find_by_handle(handle);
  if (!user) {
    throw std::runtime_error("unknown handle @" + handle + " (try: cruddur db setup)");
  }
  return *user;
}

std::string preview(std::string_view text) {
  return text.size() > 40 ? std::string(text.substr(0, 40)) + "..." : std::string(text);
}

std::string padded(const std::string& text, size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

const char* kDemoLines[] = {
    "Have you seen the new Babylon 5 episode?",
    "Not yet, no spoilers please.",
    "Londo's speech at the end is worth the whole season.",
    "I still think G'Kar has the best lines.",
    "The station itself is the real main character.",
    "Did you notice the music in the last act?",
    "Christopher Franke at his best.",
    "We should rewatch the first season together.",
    "Only if you bring the snacks this time.",
    "Deal. Friday night?",
};

}  // namespace

void seed_conversation(DdbContext& context) {
  User a = require_user(context, "andrewbrown");
  User b = require_user(context, "bayko");
  // The pair marker is written with the conversation; with one there, the two already talk (the
  // demo, or a conversation started in the app) and a second one between them must not exist.
  {
    simdjson::dom::parser parser;
    simdjson::dom::element marker;
    std::string answer =
        context.client.call("GetItem", pair_marker_get(context.table, a.uuid, b.uuid));
    if (!parser.parse(answer)["Item"].get(marker)) {
      std::cout << "@" << a.handle << " and @" << b.handle
                << " already have a conversation; nothing seeded\n";
      return;
    }
  }
  const std::string group = kDemoGroup;
  constexpr int kMessages = 100;
  auto start = std::chrono::system_clock::now() - std::chrono::minutes(kMessages);
  std::vector<Attributes> rows;
  std::string last_time, last_text;
  for (int i = 0; i < kMessages; ++i) {
    const User& sender = i % 2 ? b : a;
    last_time = utc_timestamp(start + std::chrono::minutes(i));
    last_text = kDemoLines[i % std::size(kDemoLines)];
    rows.push_back({{"pk", message_pk(group)},
                    {"sk", last_time},
                    {"message_uuid", group.substr(0, 24) + std::to_string(100000000000 + i)},
                    {"message", last_text},
                    {"user_uuid", sender.uuid},
                    {"user_display_name", sender.display_name},
                    {"user_handle", sender.handle}});
  }
  for (const auto& [owner, other] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    rows.push_back({{"pk", inbox_pk(owner->uuid)},
                    {"sk", last_time},
                    {"message_group_uuid", group},
                    {"message", last_text},
                    {"user_uuid", other->uuid},
                    {"user_display_name", other->display_name},
                    {"user_handle", other->handle}});
  }
  rows.push_back({{"pk", pair_pk(a.uuid, b.uuid)}, {"sk", kPairSk}, {"group_uuid", group}});
  for (size_t begin = 0; begin < rows.size(); begin += 25) {
    common::JsonWriter w;
    w.begin_object();
    w.key("RequestItems");
    w.begin_object();
    w.key(context.table);
    w.begin_array();
    for (size_t i = begin; i < std::min(rows.size(), begin + 25); ++i) {
      w.begin_object();
      w.key("PutRequest");
      w.begin_object();
      w.key("Item");
      write_string_item(w, rows[i]);
      w.end_object();
      w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_object();
    std::string request = w.take();
    simdjson::dom::parser parser;
    // Unprocessed items (throttling on AWS) are sent again until none are left.
    for (int attempt = 0; attempt < 10; ++attempt) {
      simdjson::dom::element answer = parser.parse(context.client.call("BatchWriteItem", request));
      simdjson::dom::object left;
      if (answer["UnprocessedItems"].get(left) || left.size() == 0) break;
      request = "{\"RequestItems\":" + simdjson::minify(left) + "}";
      std::this_thread::sleep_for(std::chrono::milliseconds(50 << attempt));
    }
  }
  std::cout << "seeded conversation " << group << " between @" << a.handle << " and @" << b.handle
            << ": " << kMessages << " messages\n";
}

// One partition, newest first (at most `limit` rows; 0: no limit).
std::string query_newest_first(DdbContext& context, const std::string& pk, int64_t limit) {
  return context.client.call("Query", newest_first_query(context.table, pk, limit));
}

void get_conversation(DdbContext& context, const std::string& group_uuid) {
  std::string answer = query_newest_first(context, message_pk(group_uuid), 20);
  if (context.json) {
    std::cout << answer << "\n";
    return;
  }
  simdjson::dom::parser parser;
  simdjson::dom::array items = parser.parse(answer)["Items"];
  std::vector<simdjson::dom::element> rows(items.begin(), items.end());
  if (rows.empty()) throw std::runtime_error("no messages in conversation " + group_uuid);
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    std::cout << padded(string_attribute(*it, "user_handle"), 12)
              << padded(local_time(string_attribute(*it, "sk")), 22)
              << preview(string_attribute(*it, "message")) << "\n";
  }
}

void list_conversations(DdbContext& context, const std::string& handle) {
  User me = require_user(context, handle);
  std::string answer = query_newest_first(context, inbox_pk(me.uuid), 0);
  if (context.json) {
    std::cout << answer << "\n";
    return;
  }
  simdjson::dom::parser parser;
  size_t count = 0;
  for (simdjson::dom::element row : simdjson::dom::array(parser.parse(answer)["Items"])) {
    std::cout << padded("@" + string_attribute(row, "user_handle"), 14)
              << padded(local_time(string_attribute(row, "sk")), 22)
              << padded(preview(string_attribute(row, "message")), 46)
              << string_attribute(row, "message_group_uuid") << "\n";
    ++count;
  }
  if (!count) std::cout << "(no conversations)\n";
}

}  // namespace cruddur
