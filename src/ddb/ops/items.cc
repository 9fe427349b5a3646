// PutItem, GetItem, DeleteItem.
#include <mutex>

#include "ddb/error.h"
#include "ddb/expr/parser.h"
#include "ddb/expr/projection.h"
#include "ddb/ops/capacity.h"
#include "ddb/ops/common.h"
#include "ddb/ops/operations.h"
#include "ddb/value/binary_codec.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

// ReturnValues for PutItem and DeleteItem: NONE or ALL_OLD.
std::string read_return_values(const Request& request) {
  auto value = request.string("ReturnValues");
  if (!value || *value == "NONE") return "NONE";
  if (*value == "ALL_OLD") return "ALL_OLD";
  if (*value == "UPDATED_OLD" || *value == "ALL_NEW" || *value == "UPDATED_NEW") {
    throw ApiError::validation("ReturnValues can only be ALL_OLD or NONE");
  }
  ConstraintErrors errors;
  errors.add(*value, "returnValues",
             "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, "
             "UPDATED_NEW]");
  errors.throw_if_any();
  return "NONE";
}

void reject_unsupported(const Request& request) {
  for (const char* field : {"ConditionExpression", "Expected"}) {
    if (request.has(field)) {
      throw ApiError::validation(std::string(field) + " is not supported by this server yet");
    }
  }
}

std::string write_response(const Capacity& capacity, const Item* attributes) {
  JsonWriter w;
  w.begin_object();
  if (attributes) {
    w.key("Attributes");
    encode_item(w, *attributes);
  }
  if (capacity.wanted()) {
    w.key("ConsumedCapacity");
    capacity.write(w);
  }
  w.end_object();
  return w.take();
}

}  // namespace

std::string put_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  auto item_json = request.element("Item");
  if (!item_json) {
    ConstraintErrors errors;
    errors.add_null("item");
    errors.throw_if_any();
  }
  auto table = require_table(engine, name);
  std::string return_values = read_return_values(request);
  Capacity capacity(*table, request.return_consumed_capacity());
  reject_unsupported(request);
  Item item = decode_item(*item_json);
  validate_item(*table, item);
  std::string key = storage_key(*table, item);

  PriorItem prior;
  WriteFootprint footprint;
  {
    std::lock_guard lock(engine.lock_for(key));
    prior = engine.read_prior(*table, key, return_values == "ALL_OLD");
    rocksdb::WriteBatch batch;
    engine.stage_item_change(batch, *table, prior, &item, key, &footprint);
    engine.write(batch);
  }
  capacity.add_write(footprint);
  return write_response(capacity,
                        prior.exists && return_values == "ALL_OLD" ? &prior.item : nullptr);
}

std::string delete_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  auto key_json = request.element("Key");
  if (!key_json) {
    ConstraintErrors errors;
    errors.add_null("key");
    errors.throw_if_any();
  }
  auto table = require_table(engine, name);
  std::string return_values = read_return_values(request);
  Capacity capacity(*table, request.return_consumed_capacity());
  reject_unsupported(request);
  Item key_item = read_key(*table, *key_json);
  std::string key = storage_key(*table, key_item);

  PriorItem prior;
  WriteFootprint footprint;
  {
    std::lock_guard lock(engine.lock_for(key));
    prior = engine.read_prior(*table, key, return_values == "ALL_OLD");
    if (prior.exists) {
      rocksdb::WriteBatch batch;
      engine.stage_item_change(batch, *table, prior, nullptr, key, &footprint);
      engine.write(batch);
    }
  }
  capacity.add_write(footprint);
  return write_response(capacity,
                        prior.exists && return_values == "ALL_OLD" ? &prior.item : nullptr);
}

std::string get_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  auto key_json = request.element("Key");
  if (!key_json) {
    ConstraintErrors errors;
    errors.add_null("key");
    errors.throw_if_any();
  }
  auto table = require_table(engine, name);
  expr::AttributeRefs refs;
  request.read_attribute_refs(&refs);
  std::vector<expr::Path> projection = read_projection(request, refs);
  if (refs.values_given) {
    throw ApiError::validation(
        "ExpressionAttributeValues can only be specified when using expressions: "
        "ProjectionExpression cannot contain ExpressionAttributeValues");  // no :values in
                                                                           // projections
  }
  refs.check_all_used();
  bool consistent = request.boolean("ConsistentRead").value_or(false);
  Capacity capacity(*table, request.return_consumed_capacity());
  Item key_item = read_key(*table, *key_json);

  std::string bytes;
  bool found = engine.get_raw(storage_key(*table, key_item), &bytes);
  JsonWriter w;
  w.begin_object();
  size_t size = 0;
  if (found) {
    w.key("Item");
    if (projection.empty()) {
      auto stored_size = binary_item_size(bytes);
      if (!stored_size || !write_binary_item_as_json(bytes, w)) {
        throw ApiError::internal("corrupt item record");
      }
      size = *stored_size;
    } else {
      Item item;
      if (!decode_item_binary(bytes, &item)) throw ApiError::internal("corrupt item record");
      size = item_size(item);
      encode_item(w, expr::project(item, projection));
    }
  }
  capacity.add_table(read_units(size, consistent));
  if (capacity.wanted()) {
    w.key("ConsumedCapacity");
    capacity.write(w);
  }
  w.end_object();
  return w.take();
}

}  // namespace ddb
