// Parser for DynamoDB's expression language. Resolves #name placeholders into the paths and
// checks that every :value placeholder is defined, through the request's AttributeRefs. Errors
// throw ApiError with DynamoDB's wording ("Invalid <Expression>: Syntax error; token: ...").
#pragma once

#include <string_view>
#include <vector>

#include "ddb/expr/ast.h"
#include "ddb/expr/attribute_refs.h"

namespace ddb::expr {

// A condition (KeyConditionExpression, ConditionExpression, FilterExpression). `expression_name`
// is the request parameter's name, used in error messages.
Node parse_condition(std::string_view text, std::string_view expression_name, AttributeRefs& refs);

// A ProjectionExpression: document paths separated by commas.
std::vector<Path> parse_projection(std::string_view text, AttributeRefs& refs);

}  // namespace ddb::expr
