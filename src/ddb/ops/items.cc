// PutItem, GetItem, UpdateItem, DeleteItem.
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
    if (!update) throw ApiError::request_validation("ReturnValues can only be ALL_OLD or NONE");
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

// ReturnItemCollectionMetrics: true for SIZE on a table with local indexes (the only tables
// that have item collections), false for NONE or elsewhere.
bool read_collection_metrics(const Request& request, const TableDef& table) {
  auto value = request.string("ReturnItemCollectionMetrics");
  if (!value || *value == "NONE") return false;
  if (*value != "SIZE") {
    ConstraintErrors errors;
    errors.add(*value, "returnItemCollectionMetrics",
               "Member must satisfy enum value set: [SIZE, NONE]");
    errors.throw_if_any();
  }
  return table.has_local_indexes();
}

struct WriteResult {
  const Item* attributes = nullptr;
  const Item* collection_key = nullptr;  // the partition key, for ItemCollectionMetrics
};

std::string write_response(const Capacity& capacity, const WriteResult& result) {
  common::JsonWriter w;
  w.begin_object();
  if (result.attributes) {
    w.key("Attributes");
    encode_item(w, *result.attributes);
  }
  if (capacity.wanted()) {
    w.key("ConsumedCapacity");
    capacity.write(w);
  }
  if (result.collection_key) {
    // An item collection here is never near DynamoDB's 10 GB limit: its estimate is 0-1 GB.
    w.key("ItemCollectionMetrics");
    w.begin_object();
    w.key("ItemCollectionKey");
    encode_item(w, *result.collection_key);
    w.key("SizeEstimateRangeGB");
    w.begin_array();
    w.number(0.0);
    w.number(1.0);
    w.end_array();
    w.end_object();
  }
  w.end_object();
  return w.take();
}

Item partition_key_of(const TableDef& table, const Item& item) {
  Item key;
  key.emplace(table.key.hash, item.at(table.key.hash));
  return key;
}

}  // namespace

std::string put_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  simdjson::dom::element item_json = required(request, "Item", "item");
  auto table = require_table(engine, name);
  ReturnValues return_values = read_return_values(request, false);
  Capacity capacity(*table, request.return_consumed_capacity());
  bool collection_metrics = read_collection_metrics(request, *table);
  check_parameter_styles(request, {"Expected", "ConditionalOperator"}, {"ConditionExpression"});
  Item item = decode_item(item_json);
  validate_item(*table, item);
  expr::AttributeRefs refs;
  request.read_attribute_refs(&refs);
  WriteCondition condition = read_write_condition(request, refs);
  refs.check_all_used();
  std::string key = storage_key(*table, item);
  Item collection = partition_key_of(*table, item);

  ItemWriteResult written =
      engine.write_item(*table, key, return_values == ReturnValues::ALL_OLD || condition.present(),
                        [&](const PriorItem& prior) -> std::optional<Item> {
                          check_write_condition(condition, prior, refs);
                          return std::move(item);
                        });
  capacity.add_write(written.footprint);
  const PriorItem& prior = written.prior;
  bool return_old = prior.exists && return_values == ReturnValues::ALL_OLD;
  return write_response(
      capacity, {return_old ? &prior.item : nullptr, collection_metrics ? &collection : nullptr});
}

std::string delete_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  simdjson::dom::element key_json = required(request, "Key", "key");
  auto table = require_table(engine, name);
  ReturnValues return_values = read_return_values(request, false);
  Capacity capacity(*table, request.return_consumed_capacity());
  bool collection_metrics = read_collection_metrics(request, *table);
  check_parameter_styles(request, {"Expected", "ConditionalOperator"}, {"ConditionExpression"});
  Item key_item = read_key(*table, key_json);
  expr::AttributeRefs refs;
  request.read_attribute_refs(&refs);
  WriteCondition condition = read_write_condition(request, refs);
  refs.check_all_used();
  std::string key = storage_key(*table, key_item);

  ItemWriteResult written =
      engine.write_item(*table, key, return_values == ReturnValues::ALL_OLD || condition.present(),
                        [&](const PriorItem& prior) -> std::optional<Item> {
                          check_write_condition(condition, prior, refs);
                          return std::nullopt;
                        });
  capacity.add_write(written.footprint);
  const PriorItem& prior = written.prior;
  bool return_old = prior.exists && return_values == ReturnValues::ALL_OLD;
  Item collection = partition_key_of(*table, key_item);
  return write_response(
      capacity, {return_old ? &prior.item : nullptr, collection_metrics ? &collection : nullptr});
}

std::string update_item(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  simdjson::dom::element key_json = required(request, "Key", "key");
  auto table = require_table(engine, name);
  ReturnValues return_values = read_return_values(request, true);
  Capacity capacity(*table, request.return_consumed_capacity());
  bool collection_metrics = read_collection_metrics(request, *table);
  check_parameter_styles(request, {"AttributeUpdates", "Expected", "ConditionalOperator"},
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

  ItemWriteResult written =
      engine.write_item(*table, key, true, [&](const PriorItem& prior) -> std::optional<Item> {
        check_write_condition(condition, prior, refs);
        if (!prior.exists && !expr::creates_missing_item(actions)) return std::nullopt;
        Item updated = expr::apply_update(actions, prior.exists ? prior.item : key_item, refs);
        validate_item(*table, updated, ItemSource::kUpdate);
        return updated;
      });
  capacity.add_write(written.footprint);
  const PriorItem& prior = written.prior;
  static const Item kNoItem;
  const Item& updated = written.item ? *written.item : kNoItem;  // none: nothing was created

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
      any = written.item.has_value();
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
  Item collection = partition_key_of(*table, key_item);
  return write_response(capacity,
                        {any ? &attributes : nullptr, collection_metrics ? &collection : nullptr});
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
  common::JsonWriter w;
  w.begin_object();
  size_t size = 0;
  if (found) {
    w.key("Item");
    if (projection.empty()) {
      auto stored_size = write_binary_item_as_json(bytes, w);
      if (!stored_size) throw ApiError::internal("corrupt item record");
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
