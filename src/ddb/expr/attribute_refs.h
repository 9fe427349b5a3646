// AttributeRefs: a request's ExpressionAttributeNames and ExpressionAttributeValues, and which of
// them the request's expressions used. Every expression of one request resolves through one
// AttributeRefs, so "unused" is judged over all of them, as DynamoDB does.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "ddb/value/attribute_value.h"

namespace ddb::expr {

class AttributeRefs {
 public:
  std::map<std::string, std::string> names;  // "#n" -> attribute name
  Item values;                               // ":v" -> value

  // Resolve a placeholder. An undefined placeholder is a ValidationException naming the expression
  // that used it, when given ("Invalid UpdateExpression: An expression attribute value used in
  // expression is not defined; attribute value: :v", as DynamoDB words it).
  const std::string& name(const std::string& placeholder, std::string_view expression = {});
  const AttributeValue& value(const std::string& placeholder, std::string_view expression = {});

  // Throws if a given name or value was never used; call after every expression is parsed.
  void check_all_used() const;

 private:
  std::set<std::string> used_names_;
  std::set<std::string> used_values_;
};

}  // namespace ddb::expr
