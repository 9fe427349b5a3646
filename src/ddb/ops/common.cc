#include "ddb/ops/common.h"

#include <set>

#include "ddb/error.h"
#include "ddb/expr/resolve.h"
#include "ddb/storage/keys.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

bool type_matches(char declared, const AttributeValue& v) {
  return (declared == 'S' && v.type == ValueType::S) ||
         (declared == 'N' && v.type == ValueType::N) || (declared == 'B' && v.type == ValueType::B);
}

// The key sizes DynamoDB allows, for a table's key and for each index's key alike (the missing
// space in "of2048" is DynamoDB's own).
// Calls `visit(name, is_sort)` for each attribute of `key`, partition attributes first.
template <typename Visit>
void each_key_attribute(const KeySchema& key, Visit&& visit) {
  visit(key.hash, false);
  for (const auto& name : key.more_hash) visit(name, false);
  if (key.range) visit(*key.range, true);
  for (const auto& name : key.more_range) visit(name, true);
}

// Each attribute of a multi-attribute key is held to the limit of its part, as index_key
// (storage/keys.h) admits it.
void check_key_sizes(const KeySchema& key, const Item& item) {
  each_key_attribute(key, [&](const std::string& name, bool sort) {
    auto it = item.find(name);
    if (it == item.end()) return;
    if (!sort && it->second.scalar.size() > 2048) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
          "size limit of2048 bytes");
    }
    if (sort && it->second.scalar.size() > 1024) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Aggregated size of all range keys has "
          "exceeded the size limit of 1024 bytes");
    }
  });
}

void check_not_empty_key(const std::string& name, const AttributeValue& v) {
  if ((v.type == ValueType::S || v.type == ValueType::B) && v.scalar.empty()) {
    throw ApiError::validation(
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty " +
        std::string(v.type == ValueType::S ? "string" : "binary") + " value. Key: " + name);
  }
}

}  // namespace

std::shared_ptr<const TableDef> require_table(const Engine& engine, const std::string& name) {
  auto table = engine.find_table(name);
  if (!table) throw ApiError::resource_not_found();
  return table;
}

Item read_key(const TableDef& table, simdjson::dom::element json, bool* schema_mismatch) {
  return check_key(table, decode_item(json), schema_mismatch);
}

Item check_key(const TableDef& table, Item key, bool* schema_mismatch) {
  size_t expected = table.key.range ? 2 : 1;
  auto mismatch = [&] {
    if (schema_mismatch) {
      *schema_mismatch = true;
      return Item();
    }
    throw ApiError::validation("The provided key element does not match the schema");
  };
  if (key.size() != expected) return mismatch();
  for (const std::string* name : {&table.key.hash, table.key.range ? &*table.key.range : nullptr}) {
    if (!name) continue;
    auto it = key.find(*name);
    if (it == key.end() || !type_matches(table.attribute_type(*name), it->second)) {
      return mismatch();
    }
    check_not_empty_key(*name, it->second);
  }
  check_key_sizes(table.key, key);
  return key;
}

namespace {

// The alphabetically first index with `attribute` in its key: the one DynamoDB names when an
// index key value is refused (nubo-db/dynamodb-conformance, batchWriteItem.test.ts).
const IndexDef* first_index_keyed_on(const TableDef& table, const std::string& attribute) {
  const IndexDef* first = nullptr;
  for (const auto& index : table.indexes) {
    if (index.key.contains(attribute) && (!first || index.name < first->name)) first = &index;
  }
  return first;
}

}  // namespace

ItemTypeError item_type_error(const TableDef& table, const Item& item) {
  for (const std::string* name : {&table.key.hash, table.key.range ? &*table.key.range : nullptr}) {
    if (!name) continue;
    auto it = item.find(*name);
    if (it == item.end()) {
      return {
          ItemTypeError::Kind::MissingKey,
          "One or more parameter values were invalid: Missing the key " + *name + " in the item"};
    }
    char declared = table.attribute_type(*name);
    if (!type_matches(declared, it->second)) {
      return {ItemTypeError::Kind::KeyType,
              "One or more parameter values were invalid: Type mismatch for key " + *name +
                  " expected: " + std::string(1, declared) +
                  " actual: " + std::string(type_name(it->second.type))};
    }
  }
  ItemTypeError error;
  for (const auto& index : table.indexes) {
    each_key_attribute(index.key, [&](const std::string& name, bool) {
      auto it = item.find(name);
      if (error || it == item.end()) return;
      char declared = table.attribute_type(name);
      if (!type_matches(declared, it->second)) {
        error = {ItemTypeError::Kind::IndexType,
                 "One or more parameter values were invalid: Type mismatch for Index Key " + name +
                     " Expected: " + std::string(1, declared) +
                     " Actual: " + std::string(type_name(it->second.type)) +
                     " IndexName: " + first_index_keyed_on(table, name)->name};
      }
    });
    if (error) break;
  }
  return error;
}

void check_item_values(const TableDef& table, const Item& item, ItemSource source) {
  for (const std::string* name : {&table.key.hash, table.key.range ? &*table.key.range : nullptr}) {
    if (name) check_not_empty_key(*name, item.at(*name));
  }
  for (const auto& index : table.indexes) {
    each_key_attribute(index.key, [&](const std::string& key_name, bool) {
      const std::string* name = &key_name;
      auto it = item.find(*name);
      if (it == item.end() || !it->second.scalar.empty()) return;
      std::string kind = it->second.type == ValueType::B ? "binary" : "string";
      if (source == ItemSource::kUpdate) {
        // As DynamoDB answers an update that empties an index key (transactWriteItems.test.ts).
        throw ApiError::validation(
            "One or more parameter values are not valid. The update expression attempted to "
            "update a secondary index key to a value that is not supported. The AttributeValue "
            "for a key attribute cannot contain an empty " +
            kind + " value.");
      }
      throw ApiError::validation(
          "One or more parameter values are not valid. A value specified for a secondary index "
          "key is not supported. The AttributeValue for a key attribute cannot contain an empty " +
          kind + " value. IndexName: " + first_index_keyed_on(table, *name)->name +
          ", IndexKey: " + *name);
    });
  }
  check_key_sizes(table.key, item);
  for (const auto& index : table.indexes) check_key_sizes(index.key, item);
  check_item_size(item, source);
}

void check_item_size(const Item& item, ItemSource source) {
  if (item_size(item) <= kMaxItemBytes) return;
  // The put path says the item has exceeded the size, the update path (UpdateItem, a
  // transaction's Update, PartiQL's UPDATE) the item "to update": DynamoDB, eu-west-2,
  // 2026-08-18 (paritysuite/dynamodb-conformance, limits/itemSizeBySurface.test.ts).
  throw ApiError::validation(source == ItemSource::kUpdate
                                 ? "Item size to update has exceeded the maximum allowed size"
                                 : "Item size has exceeded the maximum allowed size");
}

void validate_item(const TableDef& table, const Item& item, ItemSource source) {
  if (ItemTypeError e = item_type_error(table, item)) throw ApiError::validation(e.message);
  check_item_values(table, item, source);
}

std::string storage_key(const TableDef& table, const Item& key) {
  return *keys::item_key(table, key);
}

std::vector<expr::Path> read_projection(const Request& request, expr::AttributeRefs& refs) {
  std::vector<expr::Path> paths;
  auto projection = request.string("ProjectionExpression");
  auto attributes_to_get = request.array("AttributesToGet");
  if (projection && attributes_to_get) {
    throw ApiError::validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: "
        "{ProjectionExpression}");
  }
  if (projection) paths = expr::projection_expression(*projection, refs);
  if (attributes_to_get) {
    std::set<std::string_view> seen;
    for (auto a : *attributes_to_get) {
      expr::Path p;
      expr::PathElement element;
      check_attribute_name(json_string(a));
      element.name = std::string(json_string(a));
      // As DynamoDB (and DynamoDB Local) words it.
      if (!seen.insert(json_string(a)).second) {
        throw ApiError::validation(
            "One or more parameter values were invalid: Duplicate value in attribute name: " +
            element.name);
      }
      p.elements.push_back(std::move(element));
      paths.push_back(std::move(p));
    }
  }
  return paths;
}

void write_key_schema(common::JsonWriter& w, const KeySchema& key) {
  w.begin_array();
  for (const char* type : {"HASH", "RANGE"}) {
    bool hash = type[0] == 'H';
    for (const auto& name : hash ? key.partition_attributes() : key.sort_attributes()) {
      w.begin_object();
      w.key("AttributeName");
      w.string(name);
      w.key("KeyType");
      w.string(type);
      w.end_object();
    }
  }
  w.end_array();
}

}  // namespace ddb
