#include "ddb/expr/attribute_refs.h"

#include "ddb/error.h"

namespace ddb::expr {

namespace {

std::string invalid(std::string_view expression) {
  return expression.empty() ? std::string() : "Invalid " + std::string(expression) + ": ";
}

}  // namespace

const std::string& AttributeRefs::name(const std::string& placeholder,
                                       std::string_view expression) {
  auto it = names.find(placeholder);
  if (it == names.end()) {
    throw ApiError::request_validation(
        invalid(expression) +
        "An expression attribute name used in the document path is not defined; attribute name: " +
        placeholder);
  }
  used_names_.insert(placeholder);
  return it->second;
}

const AttributeValue& AttributeRefs::value(const std::string& placeholder,
                                           std::string_view expression) {
  auto it = values.find(placeholder);
  if (it == values.end()) {
    throw ApiError::request_validation(
        invalid(expression) +
        "An expression attribute value used in expression is not defined; attribute value: " +
        placeholder);
  }
  used_values_.insert(placeholder);
  return it->second;
}

void AttributeRefs::check_all_used() const {
  std::string unused;
  for (const auto& [placeholder, _] : names) {
    if (!used_names_.count(placeholder)) unused += (unused.empty() ? "" : ", ") + placeholder;
  }
  if (!unused.empty()) {
    throw ApiError::request_validation(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + unused + "}");
  }
  for (const auto& [placeholder, _] : values) {
    if (!used_values_.count(placeholder)) unused += (unused.empty() ? "" : ", ") + placeholder;
  }
  if (!unused.empty()) {
    throw ApiError::request_validation(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + unused +
        "}");
  }
}

}  // namespace ddb::expr
