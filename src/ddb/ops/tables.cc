// CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables.

#include <chrono>
#include <set>

#include "common/json_writer.h"
#include "common/uuid.h"
#include "ddb/error.h"
#include "ddb/ops/common.h"
#include "ddb/ops/operations.h"
#include "ddb/ops/table_description.h"
#include "ddb/ops/table_schema.h"

namespace ddb {

std::string create_table(Engine& engine, const Request& request) {
  // Required members, lengths and enums were checked against the model (api_model.h); what
  // is left is DynamoDB's own: the table name rules and the schema's consistency.
  ConstraintErrors errors;
  TableDef table;
  auto name = request.string("TableName");
  if (!name) {
    // Not the model's null message (nubo-db/dynamodb-conformance, createTable.test.ts).
    throw ApiError::validation(
        "The parameter 'TableName' is required but was not present in the request");
  }
  table.name = std::string(*name);
  check_name(errors, table.name, "tableName");

  auto definitions = request.array("AttributeDefinitions");
  KeySchemaInput key_input = read_key_schema(*request.element("KeySchema"));
  for (auto d : *definitions) {
    auto o = json_object(d);
    std::string type(json_string(o["AttributeType"]));
    table.attribute_definitions.emplace_back(std::string(json_string(o["AttributeName"])), type[0]);
  }
  auto billing = request.string("BillingMode");
  table.pay_per_request = billing && *billing == "PAY_PER_REQUEST";
  auto throughput = request.element("ProvisionedThroughput");
  if (throughput) {
    read_throughput(*throughput, "provisionedThroughput", errors, &table.read_capacity,
                    &table.write_capacity);
  }
  errors.throw_if_any();

  if (table.pay_per_request && throughput) {
    invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  }
  if (!table.pay_per_request) {
    if (!throughput) {
      invalid(
          "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
          "PROVISIONED");
    }
    if (table.read_capacity > kMaxCapacity) {
      throw ApiError::validation("Given value " + std::to_string(table.read_capacity) +
                                 " for ReadCapacityUnits is out of bounds");
    }
    if (table.write_capacity > kMaxCapacity) {
      throw ApiError::validation("Given value " + std::to_string(table.write_capacity) +
                                 " for WriteCapacityUnits is out of bounds");
    }
  }
  std::set<std::string> defined;
  std::vector<std::string> definition_names;
  for (const auto& [n, _] : table.attribute_definitions) {
    if (!defined.insert(n).second) {
      invalid("Duplicate AttributeName in AttributeDefinitions: " + n);
    }
    definition_names.push_back(n);
  }
  std::vector<std::string> key_names;
  for (const auto& [n, _] : key_input.elements) key_names.push_back(n);
  if (key_names.size() > definition_names.size()) {
    throw ApiError::validation("Invalid KeySchema: Some index key attribute have no definition");
  }
  for (const auto& n : key_names) {
    if (!defined.count(n)) {
      invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
              join(key_names) + "], AttributeDefinitions: [" + join(definition_names) + "]");
    }
  }
  table.key = to_key_schema(key_input);
  table.arn = "arn:aws:dynamodb:" + request.context().region + ":" + request.context().account +
              ":table/" + table.name;

  std::set<std::string> index_names;
  std::set<std::string> used_keys(key_names.begin(), key_names.end());
  for (bool global : {false, true}) {
    const char* field = global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
    auto list = request.array(field);
    if (!list) continue;
    if (list->size() == 0) invalid(std::string("List of ") + field + " is empty");
    if (!global && !table.key.range) {
      invalid(
          "Table KeySchema does not have a range key, which is required when specifying a "
          "LocalSecondaryIndex");
    }
    size_t i = 0, count = 0;
    for (auto e : *list) {
      ++i;
      ++count;
      std::string path = std::string(global ? "globalSecondaryIndexes" : "localSecondaryIndexes") +
                         ".member." + std::to_string(i);
      IndexDef index = read_index(e, global, path, errors, table);
      if (!index_names.insert(index.name).second) invalid("Duplicate index name: " + index.name);
      for (const auto& a : index.key.partition_attributes()) used_keys.insert(a);
      for (const auto& a : index.key.sort_attributes()) used_keys.insert(a);
      table.indexes.push_back(std::move(index));
    }
    if (!global && count > 5) {
      invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
    }
    if (global && count > 20) {
      invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
    }
  }
  if (used_keys.size() != defined.size()) {
    if (table.indexes.empty()) {
      invalid(
          "Number of attributes in KeySchema does not exactly match number of attributes "
          "defined in AttributeDefinitions");
    }
    invalid("Some AttributeDefinitions are not used. AttributeDefinitions: [" +
            join(definition_names) + "], keys used: [" +
            join(std::vector<std::string>(used_keys.begin(), used_keys.end())) + "]");
  }

  if (auto stream = request.object("StreamSpecification")) {
    StreamSpecification spec = read_stream_specification(*stream);
    if (spec.enabled) enable_stream(table, spec.view_type);
  }

  if (auto tags = request.array("Tags")) apply_tags(table, *tags);
  table.table_uuid = common::random_uuid();
  table.creation_time = now_seconds();
  auto created = engine.create_table(std::move(table));
  if (!created) {
    throw ApiError::resource_in_use("Table already exists: " + std::string(*name));
  }
  return table_response(engine, *created, "TableDescription", "ACTIVE");
}

[[noreturn]] void table_not_found(const std::string& name) {
  throw ApiError::resource_not_found("Requested resource not found: Table: " + name + " not found");
}

std::string describe_table(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  auto table = engine.find_table(name);
  if (!table) table_not_found(name);
  return table_response(engine, *table, "Table", table_status(*table));
}

namespace {

// GlobalSecondaryIndexUpdates: Create, Update or Delete, one create or delete per request. A new
// index's key attributes must be among the request's own AttributeDefinitions (`requested`), even
// those the table defines already: the API reference's "AttributeDefinitions must include the key
// element(s) of the new index", which DynamoDB applies literally (eu-west-2, 2026-07-12, as
// nubo-db/dynoxide issue 144 records it).
void apply_index_updates(simdjson::dom::array updates,
                         const std::vector<std::pair<std::string, char>>& requested,
                         TableDef& table, ConstraintErrors& errors) {
  int creates_or_deletes = 0;
  for (auto u : updates) {
    auto o = json_object(u);
    simdjson::dom::element e;
    if (!o.at_key("Create").get(e) && !e.is_null()) {
      ++creates_or_deletes;
      TableDef scope = table;
      scope.attribute_definitions = requested;
      IndexDef index =
          read_index(e, true, "globalSecondaryIndexUpdates.member.create", errors, scope);
      if (table.find_index(index.name)) invalid("Index already exists: " + index.name);
      int global = 0;
      uint16_t next_id = 1;
      for (const auto& i : table.indexes) {
        global += i.global;
        next_id = std::max<uint16_t>(next_id, static_cast<uint16_t>(i.id + 1));
      }
      if (global >= 20) invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
      index.id = next_id;
      index.status = "CREATING";
      table.indexes.push_back(std::move(index));
      continue;
    }
    bool is_delete = !o.at_key("Delete").get(e) && !e.is_null();
    if (!is_delete && (o.at_key("Update").get(e) || e.is_null())) {
      invalid("One of Create, Update or Delete must be specified in a GlobalSecondaryIndexUpdate");
    }
    auto target = json_object(e);
    std::string index_name(json_string(target["IndexName"]));
    auto it = std::find_if(table.indexes.begin(), table.indexes.end(),
                           [&](const IndexDef& i) { return i.global && i.name == index_name; });
    if (it == table.indexes.end()) {
      throw ApiError::resource_not_found("Requested resource not found: Index: " + index_name +
                                         " not found");
    }
    if (is_delete) {
      ++creates_or_deletes;
      table.indexes.erase(it);
      continue;
    }
    simdjson::dom::element throughput;
    if (!target.at_key("ProvisionedThroughput").get(throughput) && !throughput.is_null()) {
      read_throughput(throughput, "globalSecondaryIndexUpdates.member.update.provisionedThroughput",
                      errors, &it->read_capacity, &it->write_capacity);
      errors.throw_if_any();
    }
  }
  if (creates_or_deletes > 1) {
    throw ApiError::validation(
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously "
        "per table");
  }
}

void apply_stream_update(simdjson::dom::object stream, TableDef& table) {
  StreamSpecification spec = read_stream_specification(stream);
  if (!spec.enabled) {
    if (!table.stream_enabled) invalid("Table does not have a stream to disable: " + table.name);
    table.stream_enabled = false;
    return;
  }
  if (table.stream_enabled) {
    invalid("Table already has an enabled stream: " + table.arn + "/stream/" + table.stream_label);
  }
  enable_stream(table, spec.view_type);
}

}  // namespace

std::string update_table(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  auto current = engine.find_table(name);
  if (!current) table_not_found(name);
  if (std::string(table_status(*current)) == "UPDATING") {
    throw ApiError::resource_in_use(
        "Attempt to change a resource which is still in use: Table is being updated: " + name);
  }
  TableDef table = *current;
  ConstraintErrors errors;
  bool changed = false;

  // New attribute definitions may only add what new index keys need.
  std::vector<std::pair<std::string, char>> requested;
  if (auto definitions = request.array("AttributeDefinitions")) {
    for (auto d : *definitions) {
      auto o = json_object(d);
      std::string attr(json_string(o["AttributeName"]));
      std::string type(json_string(o["AttributeType"]));
      if (type != "S" && type != "N" && type != "B") {
        errors.add(type, "attributeDefinitions.member.attributeType",
                   "Member must satisfy enum value set: [B, N, S]");
        continue;
      }
      char existing = table.attribute_type(attr);
      if (existing && existing != type[0]) {
        invalid("Cannot change the type of an existing attribute: " + attr);
      }
      if (!existing) table.attribute_definitions.emplace_back(attr, type[0]);
      requested.emplace_back(attr, type[0]);
    }
  }
  if (auto billing = request.string("BillingMode")) {
    if (*billing != "PROVISIONED" && *billing != "PAY_PER_REQUEST") {
      errors.add(*billing, "billingMode",
                 "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
    }
    bool on_demand = *billing == "PAY_PER_REQUEST";
    // PAY_PER_REQUEST again is accepted as an update (nubo-db/dynamodb-conformance,
    // updateTable/basic.test.ts); PROVISIONED again needs a throughput that changes.
    changed |= on_demand != table.pay_per_request || on_demand;
    table.pay_per_request = on_demand;
    if (on_demand) table.read_capacity = table.write_capacity = 0;
  }
  if (auto throughput = request.element("ProvisionedThroughput")) {
    if (table.pay_per_request) {
      invalid(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
          "is PAY_PER_REQUEST");
    }
    read_throughput(*throughput, "provisionedThroughput", errors, &table.read_capacity,
                    &table.write_capacity);
    errors.throw_if_any();
    if (!current->pay_per_request && table.read_capacity == current->read_capacity &&
        table.write_capacity == current->write_capacity) {
      // DynamoDB's words (as dynalite and DynamoDB Local record them).
      throw ApiError::validation(
          "The provisioned throughput for the table will not change. The requested value equals "
          "the current value. Current ReadCapacityUnits provisioned for the table: " +
          std::to_string(current->read_capacity) +
          ". Requested ReadCapacityUnits: " + std::to_string(table.read_capacity) +
          ". Current WriteCapacityUnits provisioned for the table: " +
          std::to_string(current->write_capacity) +
          ". Requested WriteCapacityUnits: " + std::to_string(table.write_capacity) +
          ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
          "higher limits.");
    }
    changed = true;
  } else if (!table.pay_per_request && current->pay_per_request) {
    invalid(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  }
  errors.throw_if_any();
  if (auto updates = request.array("GlobalSecondaryIndexUpdates")) {
    apply_index_updates(*updates, requested, table, errors);
    changed = true;
  }
  if (auto stream = request.object("StreamSpecification")) {
    apply_stream_update(*stream, table);
    changed = true;
  }
  if (!changed) {
    throw ApiError::validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  }
  // An attribute definition that no key uses any more goes with its index.
  std::set<std::string> used{table.key.hash};
  if (table.key.range) used.insert(*table.key.range);
  for (const auto& i : table.indexes) {
    for (const auto& a : i.key.partition_attributes()) used.insert(a);
    for (const auto& a : i.key.sort_attributes()) used.insert(a);
  }
  std::erase_if(table.attribute_definitions, [&](const auto& d) { return !used.count(d.first); });
  auto published = engine.replace_table(std::move(table));
  if (!published) table_not_found(name);
  return table_response(engine, *published, "TableDescription", table_status(*published));
}

std::string delete_table(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  auto table = engine.find_table(name);
  if (!table)
    throw ApiError::resource_not_found("Requested resource not found: Table: " + name +
                                       " not found");
  // Describe before deleting so the response carries the final counts.
  std::string response = table_response(engine, *table, "TableDescription", "DELETING");
  if (!engine.delete_table(name)) {
    throw ApiError::resource_not_found("Requested resource not found: Table: " + name +
                                       " not found");
  }
  return response;
}

std::string list_tables(Engine& engine, const Request& request) {
  // The name and the Limit's 1 to 100 are the model stage's.
  auto start = request.string("ExclusiveStartTableName");
  int64_t limit = request.integer("Limit").value_or(100);
  std::vector<std::string> names = engine.table_names();
  common::JsonWriter w;
  w.begin_object();
  w.key("TableNames");
  w.begin_array();
  int64_t count = 0;
  std::string last;
  bool more = false;
  for (const auto& n : names) {
    if (start && n <= *start) continue;
    if (count == limit) {
      more = true;
      break;
    }
    w.string(n);
    last = n;
    ++count;
  }
  w.end_array();
  if (more) {
    w.key("LastEvaluatedTableName");
    w.string(last);
  }
  w.end_object();
  return w.take();
}

}  // namespace ddb