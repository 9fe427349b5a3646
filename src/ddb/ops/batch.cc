// BatchWriteItem and BatchGetItem.
#include <set>

#include "ddb/error.h"
#include "ddb/expr/projection.h"
#include "ddb/ops/capacity.h"
#include "ddb/ops/common.h"
#include "ddb/ops/operations.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

constexpr size_t kMaxBatchWrites = 25;
constexpr size_t kMaxBatchGets = 100;
constexpr size_t kMaxBatchGetBytes = 16 * 1024 * 1024;

// RequestItems, missing or empty answered as DynamoDB does (not with the model's message). An
// empty map given to BatchGetItem gets the model's form since AWS moved it there (32 of 33
// regions on 2026-09-02, as nubo-db/dynoxide pull request 198 records them); BatchWriteItem's
// did not move.
simdjson::dom::object read_request_items(const Request& request, const char* operation) {
  auto items = request.object("RequestItems");
  if (items && items->size() == 0 && std::string_view(operation) == "BatchGetItem") {
    ConstraintErrors errors;
    errors.add_unechoed("RequestItems", "Member must have length greater than or equal to 1");
    errors.throw_if_any();
  }
  if (!items || items->size() == 0) {
    throw ApiError::validation(std::string("The requestItems parameter is required for ") +
                               operation);
  }
  // BatchWriteItem's table names are checked here, after the model stage: DynamoDB reports an
  // unknown ReturnConsumedCapacity alone over them (batchOperations.test.ts of
  // paritysuite/dynamodb-conformance, 2026-10-09). BatchGetItem's are the model stage's.
  if (std::string_view(operation) == "BatchWriteItem") {
    ConstraintErrors errors;
    check_table_name_keys(errors, *items, "requestItems");
    errors.throw_if_any();
  }
  return *items;
}

struct WriteRequest {
  std::shared_ptr<const TableDef> table;
  std::string key;
  bool is_put = false;
  Item item;  // the whole item for a put, the key for a delete
};

}  // namespace

std::string batch_write_item(Engine& engine, const Request& request) {
  simdjson::dom::object request_items = read_request_items(request, "BatchWriteItem");
  std::string capacity_mode = request.return_consumed_capacity();
  std::vector<WriteRequest> writes;
  std::vector<std::shared_ptr<const TableDef>> tables;
  size_t total = 0;
  for (auto field : request_items) total += json_array(field.value).size();
  if (total > kMaxBatchWrites) {
    throw ApiError::validation("Too many items requested for the BatchWriteItem call");
  }
  for (auto field : request_items) {
    auto table = require_table(engine, std::string(field.key));
    tables.push_back(table);
    auto list = json_array(field.value);  // 1 to 25 requests (the model stage)
    std::set<std::string> seen;
    for (auto entry : list) {
      auto o = json_object(entry);
      simdjson::dom::element put, del;
      bool has_put = !o.at_key("PutRequest").get(put) && !put.is_null();
      bool has_delete = !o.at_key("DeleteRequest").get(del) && !del.is_null();
      if (has_put == has_delete) {
        throw ApiError::validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      }
      WriteRequest write;
      write.table = table;
      write.is_put = has_put;
      simdjson::dom::element payload;
      // Item and Key are required members (the model stage).
      if (has_put) {
        payload = json_object(put)["Item"];
        write.item = decode_item(payload);
        // A table key of the wrong type is a schema mismatch here, not PutItem's type mismatch
        // (nubo-db/dynamodb-conformance, batchWriteItem.test.ts, four regions alike).
        ItemTypeError type_error = item_type_error(*table, write.item);
        if (type_error.kind == ItemTypeError::Kind::KeyType) {
          throw ApiError::validation("The provided key element does not match the schema");
        }
        if (type_error) throw ApiError::validation(type_error.message);
        check_item_values(*table, write.item, ItemSource::kPut);
      } else {
        payload = json_object(del)["Key"];
        write.item = read_key(*table, payload);
      }
      write.key = storage_key(*table, write.item);
      if (!seen.insert(write.key).second) {
        throw ApiError::validation("Provided list of item keys contains duplicates");
      }
      writes.push_back(std::move(write));
    }
  }

  // Every item locked, then one atomic write.
  std::vector<WriteTarget> targets;
  targets.reserve(writes.size());
  for (const auto& w : writes) targets.push_back({w.table, w.key});
  std::map<const TableDef*, Capacity> capacities;
  for (const auto& t : tables) capacities.emplace(t.get(), Capacity(*t, capacity_mode));
  {
    MultiWrite batch = engine.begin_batch_write(std::move(targets));
    for (size_t i = 0; i < writes.size(); ++i) {
      const WriteRequest& w = writes[i];
      WriteFootprint footprint;
      batch.stage(i, w.is_put ? &w.item : nullptr, &footprint);
      capacities.at(w.table.get()).add_write(footprint);
    }
    batch.commit();
  }

  common::JsonWriter out;
  out.begin_object();
  out.key("UnprocessedItems");
  out.begin_object();
  out.end_object();
  write_capacity_list(out, capacity_mode, capacities);
  out.end_object();
  return out.take();
}

std::string batch_get_item(Engine& engine, const Request& request) {
  simdjson::dom::object request_items = read_request_items(request, "BatchGetItem");
  std::string capacity_mode = request.return_consumed_capacity();
  struct TableRead {
    std::shared_ptr<const TableDef> table;
    simdjson::dom::object json;
    std::vector<Item> keys;
    std::vector<expr::Path> projection;
    bool consistent = false;
  };
  std::vector<TableRead> reads;
  size_t total = 0;
  // One request uses one style of projection: AttributesToGet for one table and
  // ProjectionExpression for another is refused as within one table.
  bool attributes_to_get = false, projection_expression = false;
  for (auto field : request_items) {
    simdjson::dom::object entry = json_object(field.value);
    attributes_to_get |= Request(entry, request.context()).has("AttributesToGet");
    projection_expression |= Request(entry, request.context()).has("ProjectionExpression");
  }
  if (attributes_to_get && projection_expression) {
    throw ApiError::validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: "
        "{ProjectionExpression}");
  }
  for (auto field : request_items) {
    TableRead read;
    read.table = require_table(engine, std::string(field.key));
    read.json = json_object(field.value);
    Request table_request(read.json, request.context());
    expr::AttributeRefs refs;
    table_request.read_attribute_refs(&refs);
    read.projection = read_projection(table_request, refs);
    refs.check_all_used();
    read.consistent = table_request.boolean("ConsistentRead").value_or(false);
    auto keys = table_request.array("Keys");  // 1 to 100 keys (the model stage)
    std::set<std::string> seen;
    for (auto k : *keys) {
      Item key = read_key(*read.table, k);
      if (!seen.insert(storage_key(*read.table, key)).second) {
        throw ApiError::validation("Provided list of item keys contains duplicates");
      }
      read.keys.push_back(std::move(key));
      ++total;
    }
    reads.push_back(std::move(read));
  }
  if (total > kMaxBatchGets) {
    throw ApiError::validation("Too many items requested for the BatchGetItem call");
  }

  common::JsonWriter out;
  out.begin_object();
  out.key("Responses");
  out.begin_object();
  size_t bytes = 0;
  std::vector<std::pair<const TableRead*, std::vector<const Item*>>> unprocessed;
  std::vector<Capacity> capacities;
  for (const auto& read : reads) {
    out.key(read.table->name);
    out.begin_array();
    Capacity capacity(*read.table, capacity_mode);
    std::vector<const Item*> left;
    for (const auto& key : read.keys) {
      if (bytes >= kMaxBatchGetBytes) {
        left.push_back(&key);
        continue;
      }
      Item item;
      if (engine.get(storage_key(*read.table, key), &item)) {
        size_t size = item_size(item);
        bytes += size;
        capacity.add_table(read_units(size, read.consistent));
        encode_item(out, read.projection.empty() ? item : expr::project(item, read.projection));
      } else {
        capacity.add_table(read_units(0, read.consistent));
      }
    }
    out.end_array();
    capacities.push_back(capacity);
    if (!left.empty()) unprocessed.emplace_back(&read, std::move(left));
  }
  out.end_object();
  out.key("UnprocessedKeys");
  out.begin_object();
  for (const auto& [read, left] : unprocessed) {
    out.key(read->table->name);
    out.begin_object();
    out.key("Keys");
    out.begin_array();
    for (const Item* key : left) encode_item(out, *key);
    out.end_array();
    for (const char* field : {"ProjectionExpression", "ConsistentRead"}) {
      simdjson::dom::element e;
      if (read->json.at_key(field).get(e) || e.is_null()) continue;
      out.key(field);
      if (e.is_bool())
        out.boolean(bool(e));
      else
        out.string(json_string(e));
    }
    simdjson::dom::element names;
    if (!read->json.at_key("ExpressionAttributeNames").get(names) && names.is_object()) {
      out.key("ExpressionAttributeNames");
      out.begin_object();
      for (auto f : simdjson::dom::object(names)) {
        out.key(f.key);
        out.string(json_string(f.value));
      }
      out.end_object();
    }
    out.end_object();
  }
  out.end_object();
  if (capacity_mode != "NONE") {
    out.key("ConsumedCapacity");
    out.begin_array();
    for (const auto& capacity : capacities) capacity.write(out);
    out.end_array();
  }
  out.end_object();
  return out.take();
}

}  // namespace ddb
