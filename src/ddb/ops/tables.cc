// CreateTable, DescribeTable, ListTables, DeleteTable.

#include <chrono>
#include <set>

#include "common/json_writer.h"
#include "common/uuid.h"
#include "ddb/error.h"
#include "ddb/ops/common.h"
#include "ddb/ops/operations.h"

namespace ddb {

namespace {

constexpr int64_t kMaxCapacity = 1000000000000LL;

double now_seconds() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
}

std::string stream_label_now() {
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t t = system_clock::to_time_t(now);
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

struct StreamSpecification {
  bool enabled = false;
  std::string view_type;
};

// StreamSpecification of CreateTable and UpdateTable: a view type exactly when enabled.
StreamSpecification read_stream_specification(simdjson::dom::object json) {
  StreamSpecification spec;
  simdjson::dom::element e;
  if (!json.at_key("StreamEnabled").get(e) && !e.is_null()) {
    if (e.get_bool().get(spec.enabled)) throw ApiError::serialization("Expected boolean");
  }
  if (!json.at_key("StreamViewType").get(e) && !e.is_null()) spec.view_type = json_string(e);
  if (!spec.enabled) {
    if (!spec.view_type.empty()) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Stream view type should not be specified "
          "when stream is disabled");
    }
    return spec;
  }
  if (spec.view_type != "NEW_IMAGE" && spec.view_type != "OLD_IMAGE" &&
      spec.view_type != "NEW_AND_OLD_IMAGES" && spec.view_type != "KEYS_ONLY") {
    ConstraintErrors errors;
    errors.add(spec.view_type, "streamSpecification.streamViewType",
               "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, "
               "KEYS_ONLY]");
    errors.throw_if_any();
  }
  return spec;
}

// A new stream: its label is the time it was enabled.
void enable_stream(TableDef& table, const std::string& view_type) {
  table.stream_enabled = true;
  table.stream_view_type = view_type;
  table.stream_label = stream_label_now();
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

[[noreturn]] void invalid(const std::string& message) {
  throw ApiError::validation("One or more parameter values were invalid: " + message);
}

struct KeySchemaInput {
  std::vector<std::pair<std::string, std::string>> elements;  // name, KeyType
};

KeySchemaInput read_key_schema(simdjson::dom::element json, const std::string& path,
                               ConstraintErrors& errors) {
  KeySchemaInput input;
  auto array = json_array(json);
  size_t i = 0;
  for (auto e : array) {
    ++i;
    auto o = json_object(e);
    simdjson::dom::element name, type;
    std::string prefix = path + ".member." + std::to_string(i);
    std::string n, t;
    if (o.at_key("AttributeName").get(name) || name.is_null())
      errors.add_null(prefix + ".attributeName");
    else
      n = std::string(json_string(name));
    if (o.at_key("KeyType").get(type) || type.is_null()) {
      errors.add_null(prefix + ".keyType");
    } else {
      t = std::string(json_string(type));
      if (t != "HASH" && t != "RANGE") {
        errors.add(t, prefix + ".keyType", "Member must satisfy enum value set: [HASH, RANGE]");
      }
    }
    input.elements.emplace_back(n, t);
  }
  if (input.elements.empty()) {
    errors.add("[]", path, "Member must have length greater than or equal to 1");
  } else if (input.elements.size() > 2) {
    errors.add("[...]", path, "Member must have length less than or equal to 2");
  }
  return input;
}

KeySchema to_key_schema(const KeySchemaInput& input) {
  if (input.elements.size() == 2 && input.elements[0].first == input.elements[1].first) {
    throw ApiError::validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  if (input.elements[0].second != "HASH") {
    throw ApiError::validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (input.elements.size() == 2 && input.elements[1].second != "RANGE") {
    throw ApiError::validation(
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  KeySchema key;
  key.hash = input.elements[0].first;
  if (input.elements.size() == 2) key.range = input.elements[1].first;
  return key;
}

void read_throughput(simdjson::dom::element json, const std::string& path, ConstraintErrors& errors,
                     int64_t* read, int64_t* write) {
  auto o = json_object(json);
  simdjson::dom::element e;
  for (auto [field, out, name] : {std::tuple{"ReadCapacityUnits", read, "readCapacityUnits"},
                                  std::tuple{"WriteCapacityUnits", write, "writeCapacityUnits"}}) {
    if (o.at_key(field).get(e) || e.is_null()) {
      errors.add_null(path + "." + name);
      continue;
    }
    *out = json_integer(e);
    if (*out < 1) {
      errors.add(std::to_string(*out), path + "." + name,
                 "Member must have value greater than or equal to 1");
    }
  }
}

void write_throughput(common::JsonWriter& w, int64_t read, int64_t write) {
  w.begin_object();
  w.key("NumberOfDecreasesToday");
  w.number(int64_t{0});
  w.key("ReadCapacityUnits");
  w.number(read);
  w.key("WriteCapacityUnits");
  w.number(write);
  w.end_object();
}

void write_index(common::JsonWriter& w, const Engine& engine, const TableDef& table,
                 const IndexDef& index) {
  w.begin_object();
  w.key("IndexName");
  w.string(index.name);
  w.key("KeySchema");
  write_key_schema(w, index.key);
  w.key("Projection");
  w.begin_object();
  w.key("ProjectionType");
  w.string(index.projection == ProjectionType::ALL         ? "ALL"
           : index.projection == ProjectionType::KEYS_ONLY ? "KEYS_ONLY"
                                                           : "INCLUDE");
  if (index.projection == ProjectionType::INCLUDE) {
    w.key("NonKeyAttributes");
    w.begin_array();
    for (const auto& a : index.non_key_attributes) w.string(a);
    w.end_array();
  }
  w.end_object();
  if (index.global) {
    w.key("IndexStatus");
    w.string(index.status);
    if (index.status == "CREATING") {
      w.key("Backfilling");
      w.boolean(true);
    }
    w.key("ProvisionedThroughput");
    write_throughput(w, index.read_capacity, index.write_capacity);
  }
  SpaceStats stats = engine.stats(table.id, index.id);
  w.key("IndexSizeBytes");
  w.number(stats.size_bytes);
  w.key("ItemCount");
  w.number(stats.item_count);
  w.key("IndexArn");
  w.string(index.arn);
  w.end_object();
}

void write_table_description(common::JsonWriter& w, const Engine& engine, const TableDef& table,
                             const char* status) {
  w.begin_object();
  w.key("AttributeDefinitions");
  w.begin_array();
  for (const auto& [name, type] : table.attribute_definitions) {
    w.begin_object();
    w.key("AttributeName");
    w.string(name);
    w.key("AttributeType");
    w.string(std::string(1, type));
    w.end_object();
  }
  w.end_array();
  w.key("TableName");
  w.string(table.name);
  w.key("KeySchema");
  write_key_schema(w, table.key);
  w.key("TableStatus");
  w.string(status);
  w.key("CreationDateTime");
  w.number(table.creation_time);
  w.key("ProvisionedThroughput");
  write_throughput(w, table.read_capacity, table.write_capacity);
  SpaceStats stats = engine.stats(table.id, 0);
  w.key("TableSizeBytes");
  w.number(stats.size_bytes);
  w.key("ItemCount");
  w.number(stats.item_count);
  w.key("TableArn");
  w.string(table.arn);
  w.key("TableId");
  w.string(table.table_uuid);
  if (table.pay_per_request) {
    w.key("BillingModeSummary");
    w.begin_object();
    w.key("BillingMode");
    w.string("PAY_PER_REQUEST");
    w.key("LastUpdateToPayPerRequestDateTime");
    w.number(table.creation_time);
    w.end_object();
  }
  for (bool global : {false, true}) {
    bool any = false;
    for (const auto& index : table.indexes) {
      if (index.global != global) continue;
      if (!any) {
        w.key(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
        w.begin_array();
        any = true;
      }
      write_index(w, engine, table, index);
    }
    if (any) w.end_array();
  }
  if (table.stream_enabled) {
    w.key("StreamSpecification");
    w.begin_object();
    w.key("StreamEnabled");
    w.boolean(true);
    w.key("StreamViewType");
    w.string(table.stream_view_type);
    w.end_object();
    w.key("LatestStreamLabel");
    w.string(table.stream_label);
    w.key("LatestStreamArn");
    w.string(table.arn + "/stream/" + table.stream_label);
  }
  w.key("DeletionProtectionEnabled");
  w.boolean(false);
  w.end_object();
}

std::string table_response(const Engine& engine, const TableDef& table, const char* wrapper,
                           const char* status) {
  common::JsonWriter w;
  w.begin_object();
  w.key(wrapper);
  write_table_description(w, engine, table, status);
  w.end_object();
  return w.take();
}

IndexDef read_index(simdjson::dom::element json, bool global, const std::string& path,
                    ConstraintErrors& errors, const TableDef& table) {
  auto o = json_object(json);
  IndexDef index;
  index.global = global;
  simdjson::dom::element e;
  if (o.at_key("IndexName").get(e) || e.is_null())
    errors.add_null(path + ".indexName");
  else
    index.name = std::string(json_string(e)), check_name(errors, index.name, path + ".indexName");
  KeySchemaInput key_input;
  if (o.at_key("KeySchema").get(e) || e.is_null())
    errors.add_null(path + ".keySchema");
  else
    key_input = read_key_schema(e, path + ".keySchema", errors);
  std::string projection_type;
  bool has_non_key = false;
  if (o.at_key("Projection").get(e) || e.is_null()) {
    errors.add_null(path + ".projection");
  } else {
    auto p = json_object(e);
    simdjson::dom::element f;
    if (!p.at_key("ProjectionType").get(f) && !f.is_null()) {
      projection_type = std::string(json_string(f));
      if (projection_type != "ALL" && projection_type != "KEYS_ONLY" &&
          projection_type != "INCLUDE") {
        errors.add(projection_type, path + ".projection.projectionType",
                   "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
      }
    }
    if (!p.at_key("NonKeyAttributes").get(f) && !f.is_null()) {
      has_non_key = true;
      for (auto a : json_array(f)) index.non_key_attributes.emplace_back(json_string(a));
    }
  }
  if (global && !o.at_key("ProvisionedThroughput").get(e) && !e.is_null()) {
    if (table.pay_per_request) {
      invalid("ProvisionedThroughput should not be specified for index: " + index.name +
              " when BillingMode is PAY_PER_REQUEST");
    }
    read_throughput(e, path + ".provisionedThroughput", errors, &index.read_capacity,
                    &index.write_capacity);
  } else if (global && !table.pay_per_request) {
    invalid("ProvisionedThroughput must be specified for index: " + index.name);
  }
  errors.throw_if_any();
  for (const auto& [name, _] : key_input.elements) {
    if (!table.attribute_type(name)) {
      std::vector<std::string> keys, defs;
      for (const auto& [n, _] : key_input.elements) keys.push_back(n);
      for (const auto& [n, _] : table.attribute_definitions) defs.push_back(n);
      invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
              join(keys) + "], AttributeDefinitions: [" + join(defs) + "]");
    }
  }
  index.key = to_key_schema(key_input);
  if (projection_type.empty()) invalid("Unknown ProjectionType: null");
  index.projection = projection_type == "ALL"         ? ProjectionType::ALL
                     : projection_type == "KEYS_ONLY" ? ProjectionType::KEYS_ONLY
                                                      : ProjectionType::INCLUDE;
  if (has_non_key && index.projection != ProjectionType::INCLUDE) {
    invalid("ProjectionType is " + projection_type + ", but NonKeyAttributes is specified");
  }
  if (!global) {
    if (!index.key.range) {
      invalid("Index KeySchema does not have a range key for index: " + index.name);
    }
    if (index.key.hash != table.key.hash) {
      invalid(
          "Index KeySchema does not have the same leading hash key as table KeySchema for "
          "index: " +
          index.name + ". index hash key: " + index.key.hash +
          ", table hash key: " + table.key.hash);
    }
  }
  index.arn = table.arn + "/index/" + index.name;
  return index;
}

}  // namespace

std::string create_table(Engine& engine, const Request& request) {
  ConstraintErrors errors;
  TableDef table;
  auto name = request.string("TableName");
  if (!name)
    errors.add_null("tableName");
  else
    table.name = std::string(*name), check_name(errors, table.name, "tableName");

  auto definitions = request.array("AttributeDefinitions");
  if (!definitions) errors.add_null("attributeDefinitions");
  KeySchemaInput key_input;
  if (auto key_schema = request.element("KeySchema")) {
    key_input = read_key_schema(*key_schema, "keySchema", errors);
  } else {
    errors.add_null("keySchema");
  }
  if (definitions) {
    size_t i = 0;
    for (auto d : *definitions) {
      ++i;
      auto o = json_object(d);
      std::string prefix = "attributeDefinitions.member." + std::to_string(i);
      simdjson::dom::element n, t;
      std::string attr, type;
      if (o.at_key("AttributeName").get(n) || n.is_null())
        errors.add_null(prefix + ".attributeName");
      else
        attr = std::string(json_string(n));
      if (o.at_key("AttributeType").get(t) || t.is_null()) {
        errors.add_null(prefix + ".attributeType");
      } else {
        type = std::string(json_string(t));
        if (type != "S" && type != "N" && type != "B") {
          errors.add(type, prefix + ".attributeType",
                     "Member must satisfy enum value set: [B, N, S]");
        }
      }
      if (!type.empty()) table.attribute_definitions.emplace_back(attr, type[0]);
    }
  }
  auto billing = request.string("BillingMode");
  if (billing && *billing != "PROVISIONED" && *billing != "PAY_PER_REQUEST") {
    errors.add(*billing, "billingMode",
               "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  }
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
      used_keys.insert(index.key.hash);
      if (index.key.range) used_keys.insert(*index.key.range);
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

  if (auto tags = request.array("Tags")) {
    for (auto t : *tags) {
      auto o = json_object(t);
      table.tags.emplace_back(std::string(json_string(o["Key"])),
                              std::string(json_string(o["Value"])));
    }
  }
  table.table_uuid = common::random_uuid();
  table.creation_time = now_seconds();
  auto created = engine.create_table(std::move(table));
  if (!created) {
    throw ApiError::resource_in_use("Table already exists: " + std::string(*name));
  }
  return table_response(engine, *created, "TableDescription", "ACTIVE");
}

const char* table_status(const TableDef& table) {
  for (const auto& index : table.indexes) {
    if (index.status == "CREATING") return "UPDATING";
  }
  return "ACTIVE";
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

// GlobalSecondaryIndexUpdates: Create, Update or Delete, one create or delete per request.
void apply_index_updates(simdjson::dom::array updates, TableDef& table, ConstraintErrors& errors) {
  int creates_or_deletes = 0;
  for (auto u : updates) {
    auto o = json_object(u);
    simdjson::dom::element e;
    if (!o.at_key("Create").get(e) && !e.is_null()) {
      ++creates_or_deletes;
      IndexDef index =
          read_index(e, true, "globalSecondaryIndexUpdates.member.create", errors, table);
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
    }
  }
  if (auto billing = request.string("BillingMode")) {
    if (*billing != "PROVISIONED" && *billing != "PAY_PER_REQUEST") {
      errors.add(*billing, "billingMode",
                 "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
    }
    bool on_demand = *billing == "PAY_PER_REQUEST";
    changed |= on_demand != table.pay_per_request;
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
    changed = true;
  } else if (!table.pay_per_request && current->pay_per_request) {
    invalid(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  }
  errors.throw_if_any();
  if (auto updates = request.array("GlobalSecondaryIndexUpdates")) {
    apply_index_updates(*updates, table, errors);
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
    used.insert(i.key.hash);
    if (i.key.range) used.insert(*i.key.range);
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
  ConstraintErrors errors;
  auto start = request.string("ExclusiveStartTableName");
  if (start) check_name(errors, *start, "exclusiveStartTableName");
  int64_t limit = 100;
  if (auto l = request.integer("Limit")) {
    limit = *l;
    if (limit < 1)
      errors.add(std::to_string(limit), "limit",
                 "Member must have value greater than or equal to 1");
    if (limit > 100)
      errors.add(std::to_string(limit), "limit",
                 "Member must have value less than or equal to 100");
  }
  errors.throw_if_any();
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
