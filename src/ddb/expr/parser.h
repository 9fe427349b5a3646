// Parser for DynamoDB's expression language: syntax only. The trees it returns still hold
// #name and :value placeholders; resolve.h checks them against the request and DynamoDB's
// rules. Errors throw ApiError with DynamoDB's wording ("Invalid <Expression>: Syntax error;
// token: ...").
#pragma once

#include <string_view>
#include <vector>

#include "ddb/expr/ast.h"

namespace ddb::expr {

// A condition (KeyConditionExpression, ConditionExpression, FilterExpression).
// `expression_name` is the request parameter's name, used in error messages.
Node parse_condition(std::string_view text, std::string_view expression_name);

// A ProjectionExpression: document paths separated by commas.
std::vector<Path> parse_projection(std::string_view text);

// An UpdateExpression: SET, REMOVE, ADD and DELETE clauses.
std::vector<UpdateAction> parse_update(std::string_view text);

}  // namespace ddb::expr
