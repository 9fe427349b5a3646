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
// declared types; returns the key.
Item read_key(const TableDef& table, simdjson::dom::element json);
// Checks a whole item for PutItem: key attributes present and typed, key sizes, index key
// types, item size.
void validate_item(const TableDef& table, const Item& item);
// The storage key of a validated key or item.
std::string storage_key(const TableDef& table, const Item& key);

// ProjectionExpression or the legacy AttributesToGet, as paths (empty: everything).
std::vector<expr::Path> read_projection(const Request& request, expr::AttributeRefs& refs);

// A KeySchema as DynamoDB describes it: [{"AttributeName", "KeyType": "HASH"}, ...].
void write_key_schema(common::JsonWriter& w, const KeySchema& key);

}  // namespace ddb
