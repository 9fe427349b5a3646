#include "ddb/ops/table_description.h"

#include "ddb/ops/common.h"

namespace ddb {

namespace {

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

}  // namespace

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
  }
  // The latest stream is named after it is disabled too: it is still listed, described and read
  // (DISABLED) until it expires, as on DynamoDB.
  if (!table.stream_label.empty()) {
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

const char* table_status(const TableDef& table) {
  for (const auto& index : table.indexes) {
    if (index.status == "CREATING") return "UPDATING";
  }
  return "ACTIVE";
}

}  // namespace ddb
