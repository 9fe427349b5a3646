#include "cruddur/cli/ddb_commands.h"

#include <simdjson.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "ddb/value/json_writer.h"

namespace cruddur {

namespace {

std::string table_request(const std::string& table) {
  ddb::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table);
  w.end_object();
  return w.take();
}

// CRUDDUR.md's table: pk/sk strings, the message-group GSI, a NEW_IMAGE stream.
std::string create_table_request(const std::string& table) {
  ddb::JsonWriter w;
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
    ddb::JsonWriter w;
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
    ddb::JsonWriter w;
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

}  // namespace cruddur
