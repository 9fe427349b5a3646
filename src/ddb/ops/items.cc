// PutItem, GetItem, UpdateItem, DeleteItem.
#include <mutex>

#include "ddb/error.h"
#include "ddb/expr/projection.h"
#include "ddb/expr/resolve.h"
#include "ddb/expr/update.h"
#include "ddb/ops/capacity.h"
#include "ddb/ops/common.h"
#include "ddb/ops/legacy.h"
#include "ddb/ops/operations.h"
#include "ddb/ops/write_condition.h"
#include "ddb/value/binary_codec.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

enum class ReturnValues { NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW };

ReturnValues read_return_values(const Request& request, bool update) {
  auto value = request.string("ReturnValues");
  if (!value || *value == "NONE") return ReturnValues::NONE;
  if (*value == "ALL_OLD") return ReturnValues::ALL_OLD;
  static const std::pair<const char*, ReturnValues> update_only[] = {
      {"UPDATED_OLD", ReturnValues::UPDATED_OLD},
      {"ALL_NEW", ReturnValues::ALL_NEW},
      {"UPDATED_NEW", ReturnValues::UPDATED_NEW}};
  for (auto [name, kind] : update_only) {
    if (*value != name) continue;
    if (!update) throw ApiError::validation("ReturnValues can only be ALL_OLD or NONE");
    return kind;
  }
  ConstraintErrors errors;
  errors.add(*value, "returnValues",
             "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, "
             "UPDATED_NEW]");
  errors.throw_if_any();
  return ReturnValues::NONE;
}

simdjson::dom::element required(const Request& request, const char* field, const char* path) {
  auto e = request.element(field);
  if (!e) {
    ConstraintErrors errors;
    errors.add_null(path);
    errors.throw_if_any();
  }
  return *e;
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
  simdjson::dom::element item_json = required(request, "Item", "item");
  auto table = require_table(engine, name);
  ReturnValues return_values = read_return_values(request, false);
  Capacity capacity(*table, request.return_consumed_capacity());
  check_parameter_styles(request, {"Expected"}, {"ConditionExpression"});
  Item item = decode_item(item_json);
  validate_item(*table, item);
  expr::AttributeRefs refs;
  request.read_attribute_refs(&refs);
  WriteCondition condition = read_write_condition(request, refs);
  refs.check_all_used();
  std::string key = storage_key(*table, item);

  PriorItem prior;
  WriteFootprint footprint;
  {
    std::lock_guard lock(engine.lock_for(key));
    prior = engine.read_prior(*table, key,
                              return_values == ReturnValues::ALL_OLD || condition.present());
    check_write_condition(condition, prior, refs);
    rocksdb::WriteBatch batch;
    engine.stage_item_change(batch, *table, prior, &item, key, &footprint);
    engine.write(batch);
  }
  capacity.add_write(footprint);
  bool return_old = prior.exists && return_values == ReturnValues::ALL_OLD;
  return write_response(capacity, return_old ? &prior.item : nullptr);
}

std::string delete_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  simdjson::dom::element key_json = required(request, "Key", "key");
  auto table = require_table(engine, name);
  ReturnValues return_values = read_return_values(request, false);
  Capacity capacity(*table, request.return_consumed_capacity());
  check_parameter_styles(request, {"Expected"}, {"ConditionExpression"});
  Item key_item = read_key(*table, key_json);
  expr::AttributeRefs refs;
  request.read_attribute_refs(&refs);
  WriteCondition condition = read_write_condition(request, refs);
  refs.check_all_used();
  std::string key = storage_key(*table, key_item);

  PriorItem prior;
  WriteFootprint footprint;
  {
    std::lock_guard lock(engine.lock_for(key));
    prior = engine.read_prior(*table, key,
                              return_values == ReturnValues::ALL_OLD || condition.present());
    check_write_condition(condition, prior, refs);
    if (prior.exists) {
      rocksdb::WriteBatch batch;
      engine.stage_item_change(batch, *table, prior, nullptr, key, &footprint);
      engine.write(batch);
    }
  }
  capacity.add_write(footprint);
  bool return_old = prior.exists && return_values == ReturnValues::ALL_OLD;
  return write_response(capacity, return_old ? &prior.item : nullptr);
}

std::string update_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  simdjson::dom::element key_json = required(request, "Key", "key");
  auto table = require_table(engine, name);
  ReturnValues return_values = read_return_values(request, true);
  Capacity capacity(*table, request.return_consumed_capacity());
  check_parameter_styles(request, {"AttributeUpdates", "Expected"},
                         {"UpdateExpression", "ConditionExpression"});
  Item key_item = read_key(*table, key_json);
  expr::AttributeRefs refs;
  request.read_attribute_refs(&refs);
  std::vector<expr::UpdateAction> actions;
  if (auto text = request.string("UpdateExpression")) {
    actions = expr::update_expression(*text, refs);
  } else if (auto updates = request.object("AttributeUpdates")) {
    actions = legacy_updates(*updates, refs);
  }
  WriteCondition condition = read_write_condition(request, refs);
  refs.check_all_used();
  for (const auto& action : actions) {
    const std::string& top = action.path.elements[0].name;
    if (top == table->key.hash || (table->key.range && top == *table->key.range)) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Cannot update "
          "attribute " +
          top + ". This attribute is part of the key");
    }
  }
  std::string key = storage_key(*table, key_item);

  PriorItem prior;
  Item updated;
  WriteFootprint footprint;
  {
    std::lock_guard lock(engine.lock_for(key));
    prior = engine.read_prior(*table, key, true);
    check_write_condition(condition, prior, refs);
    updated = expr::apply_update(actions, prior.exists ? prior.item : key_item, refs);
    validate_item(*table, updated);
    rocksdb::WriteBatch batch;
    engine.stage_item_change(batch, *table, prior, &updated, key, &footprint);
    engine.write(batch);
  }
  capacity.add_write(footprint);

  std::vector<expr::Path> updated_paths;
  for (const auto& action : actions) updated_paths.push_back(action.path);
  Item attributes;
  bool any = true;
  switch (return_values) {
    case ReturnValues::NONE:
      any = false;
      break;
    case ReturnValues::ALL_OLD:
      any = prior.exists;
      attributes = prior.item;
      break;
    case ReturnValues::ALL_NEW:
      attributes = updated;
      break;
    case ReturnValues::UPDATED_OLD:
      attributes = expr::project(prior.item, updated_paths);
      break;
    case ReturnValues::UPDATED_NEW:
      attributes = expr::project(updated, updated_paths);
      break;
  }
  if (any && attributes.empty() && return_values != ReturnValues::ALL_NEW) any = false;
  return write_response(capacity, any ? &attributes : nullptr);
}

std::string get_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  simdjson::dom::element key_json = required(request, "Key", "key");
  auto table = require_table(engine, name);
  check_parameter_styles(request, {"AttributesToGet"}, {"ProjectionExpression"});
  expr::AttributeRefs refs;
  request.read_attribute_refs(&refs);
  std::vector<expr::Path> projection = read_projection(request, refs);
  refs.check_all_used();
  bool consistent = request.boolean("ConsistentRead").value_or(false);
  Capacity capacity(*table, request.return_consumed_capacity());
  Item key_item = read_key(*table, key_json);

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
