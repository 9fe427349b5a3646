// KeyCondition: a Query's KeyConditionExpression reduced to what storage needs — the partition
// key value and at most one sort key condition — with DynamoDB's validation of its shape.
#pragma once

#include <optional>
#include <string>

#include "ddb/expr/ast.h"
#include "ddb/expr/attribute_refs.h"
#include "ddb/storage/table_def.h"

namespace ddb::expr {

struct SortKeyCondition {
  std::string op;  // "=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"
  AttributeValue value;
  AttributeValue upper;  // BETWEEN only
};

struct KeyCondition {
  AttributeValue hash;
  std::optional<SortKeyCondition> range;
};

// `key` is the table's or the queried index's key schema; `table` gives attribute types.
KeyCondition analyze_key_condition(const Node& root, const KeySchema& key, const TableDef& table,
                                   AttributeRefs& refs);

}  // namespace ddb::expr
