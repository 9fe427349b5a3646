#include "cruddur/cli/ddb_commands.h"

#include <simdjson.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "common/json_writer.h"
#include "cruddur/model/rows.h"
#include "cruddur/model/timestamps.h"
#include "cruddur/store/messages.h"
#include "cruddur/store/requests.h"
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
  std::string answer =
      context.client.call("CreateTable", create_messages_table_request(context.table));
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
  std::string answer;
  try {
    answer = context.client.call("DeleteTable", table_request(table));
  } catch (const aws::AwsError& e) {
    if (e.type() != "ResourceNotFoundException") throw;
    throw std::runtime_error("table \"" + table + "\" does not exist at " +
                             context.client.endpoint());
  }
  if (context.json)
    std::cout << answer << "\n";
  else
    std::cout << "deleted table " << table << "\n";
}

void scan_table(DdbContext& context) {
  simdjson::dom::parser parser;
  std::string start_key;
  size_t count = 0;
  // The JSON form is printed whole at the end, so that a failure midway leaves none of it.
  std::string json = "[";
  do {
    std::string request = table_request(context.table);
    if (!start_key.empty()) {
      request.pop_back();
      request += ",\"ExclusiveStartKey\":" + start_key + "}";
    }
    simdjson::dom::element page = parser.parse(context.client.call("Scan", request));
    for (simdjson::dom::object item : simdjson::dom::array(page["Items"])) {
      if (context.json) {
        json += (count ? "," : "") + simdjson::minify(item);
      } else {
        std::string line;
        for (const char* key : {attr::kPk, attr::kSk}) {
          simdjson::dom::element v;
          line += (item[key].get(v) ? std::string("-") : plain(v)) + "  ";
        }
        for (auto field : item) {
          if (field.key == attr::kPk || field.key == attr::kSk) continue;
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
    std::cout << json << "]\n";
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
  constexpr size_t kMessages = 100;
  std::vector<std::string> lines;
  for (size_t i = 0; i < kMessages; ++i) lines.push_back(kDemoLines[i % std::size(kDemoLines)]);
  MessagesTable table(context.client, context.table);
  bool seeded = table.seed_conversation(kDemoGroup, a, b, lines);
  if (context.json) {
    common::JsonWriter w;
    w.begin_object();
    w.key("seeded");
    w.boolean(seeded);
    w.key("message_group_uuid");
    w.string(kDemoGroup);
    w.key("messages");
    w.number(static_cast<int64_t>(seeded ? kMessages : 0));
    w.end_object();
    std::cout << w.str() << "\n";
    return;
  }
  if (!seeded) {
    std::cout << "@" << a.handle << " and @" << b.handle
              << " already have a conversation; nothing seeded\n";
    return;
  }
  std::cout << "seeded conversation " << kDemoGroup << " between @" << a.handle << " and @"
            << b.handle << ": " << kMessages << " messages\n";
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
    std::cout << padded(string_attribute(*it, attr::kUserHandle), 12)
              << padded(local_time(string_attribute(*it, attr::kSk)), 22)
              << preview(string_attribute(*it, attr::kMessage)) << "\n";
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
    std::cout << padded("@" + string_attribute(row, attr::kUserHandle), 14)
              << padded(local_time(string_attribute(row, attr::kSk)), 22)
              << padded(preview(string_attribute(row, attr::kMessage)), 46)
              << string_attribute(row, attr::kMessageGroupUuid) << "\n";
    ++count;
  }
  if (!count) std::cout << "(no conversations)\n";
}

}  // namespace cruddur
