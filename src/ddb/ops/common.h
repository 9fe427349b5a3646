// Helpers shared by the operation families: table lookup, key and item validation against a
// table's schema, DynamoDB's item limits.
#pragma once

#include <memory>
#include <string>

#include <simdjson.h>

#include "common/json_writer.h"
#include "ddb/expr/ast.h"
#include "ddb/expr/attribute_refs.h"
#include "ddb/ops/request.h"
#include "ddb/storage/engine.h"
#include "ddb/storage/table_def.h"
#include "ddb/value/attribute_value.h"

namespace ddb {

constexpr size_t kMaxItemBytes = 400 * 1024;

// The table, or ResourceNotFoundException ("Requested resource not found").
std::shared_ptr<const TableDef> require_table(const Engine& engine, const std::string& name);

// Decodes a Key parameter and checks it names exactly the table's key attributes with their
// declared types; returns the key. A key that does not is "The provided key element does not
// match the schema": thrown, or, given `schema_mismatch`, reported there with an empty key (a
// transaction reports it as the action's ValidationError). An empty string or binary key value
// is always thrown.
Item read_key(const TableDef& table, simdjson::dom::element json, bool* schema_mismatch = nullptr);
// read_key of a key already decoded.
Item check_key(const TableDef& table, Item key, bool* schema_mismatch = nullptr);

// What is wrong with an item's key attributes or index key attributes as types: a missing key
// attribute, a key or index key value of another type than declared. DynamoDB reports these
// per action inside a transaction, and BatchWriteItem words a table key's as a schema mismatch.
struct ItemTypeError {
  enum class Kind { None, MissingKey, KeyType, IndexType };
  Kind kind = Kind::None;
  std::string message;
  explicit operator bool() const { return kind != Kind::None; }
};
ItemTypeError item_type_error(const TableDef& table, const Item& item);

// Where an item came from, for the message refusing an empty index key value.
enum class ItemSource { kPut, kUpdate };
// The item's values: no empty key or index key value, key sizes, the item size. Call after
// item_type_error found nothing.
void check_item_values(const TableDef& table, const Item& item, ItemSource source);
// The last of them: the item's size within DynamoDB's 400 KB, worded by where the item comes from.
void check_item_size(const Item& item, ItemSource source);
// Both: what PutItem and UpdateItem check of the item they write.
void validate_item(const TableDef& table, const Item& item, ItemSource source = ItemSource::kPut);
// The storage key of a validated key or item.
std::string storage_key(const TableDef& table, const Item& key);

// ProjectionExpression or the legacy AttributesToGet, as paths (empty: everything).
std::vector<expr::Path> read_projection(const Request& request, expr::AttributeRefs& refs);

// Adds or replaces a table's tags (TagResource, CreateTable's Tags): DynamoDB's characters and
// its limit of 50 tags.
void apply_tags(TableDef& table, simdjson::dom::array tags);

// A KeySchema as DynamoDB describes it: [{"AttributeName", "KeyType": "HASH"}, ...].
void write_key_schema(common::JsonWriter& w, const KeySchema& key);

}  // namespace ddb
