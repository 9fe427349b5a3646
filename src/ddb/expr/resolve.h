// Resolving a parsed expression against its request: #name placeholders become attribute
// names, :value placeholders are checked to exist, and DynamoDB's semantic rules are applied
// (reserved words, function operands, misused functions, overlapping paths, limits). Errors throw
// ApiError with DynamoDB's wording; checks run in DynamoDB's order, after the syntax is known good.
#pragma once

#include <string_view>
#include <vector>

#include "ddb/expr/ast.h"
#include "ddb/expr/attribute_refs.h"

namespace ddb::expr {

void resolve_condition(Node& root, std::string_view expression_name, AttributeRefs& refs);
void resolve_projection(std::vector<Path>& paths, AttributeRefs& refs);
void resolve_update(std::vector<UpdateAction>& actions, AttributeRefs& refs);

// Parse and resolve in one step.
Node condition_expression(std::string_view text, std::string_view expression_name,
                          AttributeRefs& refs);
std::vector<Path> projection_expression(std::string_view text, AttributeRefs& refs);
std::vector<UpdateAction> update_expression(std::string_view text, AttributeRefs& refs);

// Throws if two paths overlap (one is a prefix of the other) or conflict (one indexes a list
// where the other names a map member).
void check_paths_distinct(const std::vector<const Path*>& paths, std::string_view expression_name);

}  // namespace ddb::expr
