// Applying a ProjectionExpression (or AttributesToGet) to an item: keep only the listed
// document paths, nested maps and list elements included.
#pragma once

#include <vector>

#include "ddb/expr/ast.h"
#include "ddb/value/attribute_value.h"

namespace ddb::expr {

Item project(const Item& item, const std::vector<Path>& paths);

}  // namespace ddb::expr
