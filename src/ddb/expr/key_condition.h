// KeyCondition: a Query's KeyConditionExpression reduced to what storage needs — the partition
// key value and at most one sort key condition — with DynamoDB's validation of its shape.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
  AttributeValue hash;                      // the (first) partition attribute's value
  std::vector<AttributeValue> more_hash;    // a multi-attribute key's other partition values
  std::vector<AttributeValue> sort_prefix;  // its sort attributes fixed by "=", left to right
  std::optional<SortKeyCondition> range;    // the condition on the next sort attribute
};

// `key` is the table's or the queried index's key schema; `table` gives attribute types. A
// multi-attribute key needs "=" on every partition attribute, and constrains its sort
// attributes left to right: "=" on a prefix of them, then at most one other condition.
KeyCondition analyze_key_condition(const Node& root, const KeySchema& key, const TableDef& table,
                                   AttributeRefs& refs);

}  // namespace ddb::expr
