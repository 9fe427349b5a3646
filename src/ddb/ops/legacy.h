// The legacy (pre-expression) parameters, translated into expression trees so that one
// evaluator serves both: Expected, QueryFilter and ScanFilter (with ConditionalOperator) become
// conditions, AttributeUpdates becomes update actions, KeyConditions a key condition. Their
// values are registered in the request's AttributeRefs under names no request can write.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string_view>
#include <vector>

#include "ddb/expr/ast.h"
#include "ddb/expr/attribute_refs.h"

namespace ddb {

// `parameter` is the request field ("Expected", "QueryFilter", "ScanFilter", "KeyConditions").
// nullopt for an empty map: no condition.
std::optional<expr::Node> legacy_condition(simdjson::dom::object conditions,
                                           std::string_view conditional_operator,
                                           std::string_view parameter, expr::AttributeRefs& refs);

std::vector<expr::UpdateAction> legacy_updates(simdjson::dom::object attribute_updates,
                                               expr::AttributeRefs& refs);

}  // namespace ddb
