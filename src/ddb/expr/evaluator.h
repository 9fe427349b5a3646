// Evaluating resolved expressions against an item: conditions (ConditionExpression,
// FilterExpression) and the values of update actions. Semantics are DynamoDB's: a comparison with
// a missing attribute or a value of another type is false (`<>` is true); ordering applies to
// numbers, strings and binaries only.
#pragma once

#include "ddb/expr/ast.h"
#include "ddb/expr/attribute_refs.h"
#include "ddb/value/attribute_value.h"

namespace ddb::expr {

// The value at `path` in `item`, or null if there is none.
const AttributeValue* find_path(const Item& item, const Path& path);

bool evaluate_condition(const Node& condition, const Item& item, AttributeRefs& refs);

// The value of an update operand (a path, a :value, if_not_exists, list_append, + or -),
// read from the item as it was before the update. Throws ApiError (ValidationException) as
// DynamoDB does when an operand is missing or of the wrong type.
AttributeValue evaluate_operand(const Node& operand, const Item& item, AttributeRefs& refs);

// DynamoDB ordering of two values of the same scalar type (N, S, B): <0, 0, >0.
int compare_scalars(const AttributeValue& a, const AttributeValue& b);

}  // namespace ddb::expr
