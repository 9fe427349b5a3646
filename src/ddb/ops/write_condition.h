// The condition of a single-item write: ConditionExpression, or the legacy Expected with
// ConditionalOperator, and ReturnValuesOnConditionCheckFailure.
#pragma once

#include <optional>

#include "ddb/expr/ast.h"
#include "ddb/expr/attribute_refs.h"
#include "ddb/ops/request.h"
#include "ddb/storage/engine.h"

namespace ddb {

struct WriteCondition {
  std::optional<expr::Node> condition;
  bool return_old_on_failure = false;

  bool present() const { return condition.has_value(); }
};

WriteCondition read_write_condition(const Request& request, expr::AttributeRefs& refs);

// Whether the condition (if any) holds for `prior`.
bool condition_holds(const WriteCondition& condition, const PriorItem& prior,
                     expr::AttributeRefs& refs);

// Throws ConditionalCheckFailedException — carrying the stored item when
// ReturnValuesOnConditionCheckFailure is ALL_OLD — unless the condition holds for `prior`.
void check_write_condition(const WriteCondition& condition, const PriorItem& prior,
                           expr::AttributeRefs& refs);

// Refuses a request mixing legacy and expression parameters, or giving
// ExpressionAttributeNames/Values without any expression, with DynamoDB's messages.
void check_parameter_styles(const Request& request, std::initializer_list<const char*> legacy,
                            std::initializer_list<const char*> expressions);

}  // namespace ddb
