#include "ddb/ops/request.h"

#include <algorithm>
#include <cctype>

#include "ddb/error.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

[[noreturn]] void type_error(simdjson::dom::element e, std::string_view expected) {
  using T = simdjson::dom::element_type;
  std::string message;
  switch (e.type()) {
    case T::ARRAY:
      message = "Start of list found where not expected";
      break;
    case T::OBJECT:
      message = "Start of structure or map found where not expected.";
      break;
    case T::BOOL:
      message = "class java.lang.Boolean can not be converted to an " + std::string(expected);
      break;
    case T::STRING:
      message = "class java.lang.String can not be converted to an " + std::string(expected);
      break;
    default:
      message = "class java.lang.Long can not be converted to an " + std::string(expected);
  }
  throw ApiError::serialization(message);
}

}  // namespace

std::string_view json_string(simdjson::dom::element e) {
  std::string_view s;
  if (e.get_string().get(s)) type_error(e, "String");
  return s;
}

int64_t json_integer(simdjson::dom::element e) {
  int64_t i;
  if (!e.get_int64().get(i)) return i;
  double d;
  if (!e.get_double().get(d)) return static_cast<int64_t>(d);
  type_error(e, "Long");
}

simdjson::dom::object json_object(simdjson::dom::element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o)) {
    if (e.is_array()) throw ApiError::serialization("Start of list found where not expected");
    throw ApiError::serialization("Expected null");
  }
  return o;
}

simdjson::dom::array json_array(simdjson::dom::element e) {
  simdjson::dom::array a;
  if (e.get_array().get(a)) {
    if (e.is_object()) {
      throw ApiError::serialization("Start of structure or map found where not expected.");
    }
    throw ApiError::serialization("Expected list or null");
  }
  return a;
}

Request::Request(simdjson::dom::object body, const RequestContext& context)
    : body_(body), context_(context) {
  for (auto field : body_) {
    if (field_count_ == kMaxFields) {
      more_fields_ = true;
      break;
    }
    fields_[field_count_++] = {field.key, field.value};
  }
}

bool Request::has(std::string_view field) const {
  return element(field).has_value();
}

std::optional<simdjson::dom::element> Request::element(std::string_view field) const {
  // The first field of the name, as at_key finds it.
  for (size_t i = 0; i < field_count_; ++i) {
    if (fields_[i].name != field) continue;
    if (fields_[i].value.is_null()) return std::nullopt;
    return fields_[i].value;
  }
  simdjson::dom::element e;
  if (!more_fields_ || body_.at_key(field).get(e) || e.is_null()) return std::nullopt;
  return e;
}

std::optional<std::string_view> Request::string(std::string_view field) const {
  auto e = element(field);
  if (!e) return std::nullopt;
  return json_string(*e);
}

std::optional<int64_t> Request::integer(std::string_view field) const {
  auto e = element(field);
  if (!e) return std::nullopt;
  return json_integer(*e);
}

std::optional<bool> Request::boolean(std::string_view field) const {
  auto e = element(field);
  if (!e) return std::nullopt;
  bool b;
  if (e->get_bool().get(b)) type_error(*e, "Boolean");
  return b;
}

std::optional<simdjson::dom::object> Request::object(std::string_view field) const {
  auto e = element(field);
  if (!e) return std::nullopt;
  return json_object(*e);
}

std::optional<simdjson::dom::array> Request::array(std::string_view field) const {
  auto e = element(field);
  if (!e) return std::nullopt;
  return json_array(*e);
}

std::string Request::table_name() const {
  auto name = string("TableName");
  ConstraintErrors errors;
  if (!name) {
    errors.add_null("tableName");
  } else {
    check_name(errors, *name, "tableName");
  }
  errors.throw_if_any();
  return std::string(*name);
}

namespace {

constexpr size_t kMaxPlaceholderBytes = 255;

// A placeholder key: the prefix, then one or more of [A-Za-z0-9_], at most 255 bytes.
void check_placeholder(std::string_view key, char prefix, const char* parameter) {
  if (key.size() > kMaxPlaceholderBytes) {
    throw ApiError::request_validation(
        std::string(parameter) +
        " contains invalid key: The expression attribute map contains a key "
        "that is too long; size of key: " +
        std::to_string(key.size()));
  }
  bool valid = key.size() > 1 && key[0] == prefix;
  for (size_t i = 1; valid && i < key.size(); ++i) {
    valid = std::isalnum(static_cast<unsigned char>(key[i])) || key[i] == '_';
  }
  if (!valid) {
    throw ApiError::request_validation(std::string(parameter) +
                                       " contains invalid key: Syntax error; key: \"" +
                                       std::string(key) + "\"");
  }
}

}  // namespace

void Request::read_attribute_refs(expr::AttributeRefs* refs) const {
  if (auto names = object("ExpressionAttributeNames")) {
    if (names->size() == 0)
      throw ApiError::request_validation("ExpressionAttributeNames must not be empty");
    for (auto field : *names) {
      check_placeholder(field.key, '#', "ExpressionAttributeNames");
      std::string_view name = json_string(field.value);
      if (name.empty()) {
        throw ApiError::request_validation(
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key " +
            std::string(field.key));
      }
      check_attribute_name(name);
      refs->names.emplace(std::string(field.key), std::string(name));
    }
  }
  if (auto values = object("ExpressionAttributeValues")) {
    if (values->size() == 0)
      throw ApiError::request_validation("ExpressionAttributeValues must not be empty");
    for (auto field : *values) check_placeholder(field.key, ':', "ExpressionAttributeValues");
    for (auto field : *values) {
      try {
        refs->values.insert_or_assign(std::string(field.key), decode_value(field.value));
      } catch (const ApiError& e) {
        // The older layer (ValueWording) names the value's key (DynamoDB: valueLayers.test.ts and
        // deepRequests.test.ts of paritysuite/dynamodb-conformance, 2026-10-09).
        if (value_wording() != ValueWording::kOlder || !e.is_validation()) throw;
        throw ApiError::request_validation("ExpressionAttributeValues contains invalid value: " +
                                           e.message() + " for key " + std::string(field.key));
      }
    }
  }
}

std::string Request::return_consumed_capacity() const {
  auto mode = string("ReturnConsumedCapacity");
  if (!mode) return "NONE";
  if (*mode != "NONE" && *mode != "TOTAL" && *mode != "INDEXES") {
    ConstraintErrors errors;
    errors.add(*mode, "returnConsumedCapacity",
               "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
    errors.throw_if_any();
  }
  return std::string(*mode);
}

void ConstraintErrors::add(std::string_view value, std::string_view path,
                           std::string_view constraint) {
  errors_.push_back("Value '" + std::string(value) + "' at '" + std::string(path) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

void ConstraintErrors::add_null(std::string_view path) {
  errors_.push_back("Value null at '" + std::string(path) +
                    "' failed to satisfy constraint: Member must not be null");
}

void ConstraintErrors::add_unechoed(std::string_view path, std::string_view constraint) {
  errors_.push_back("Value at '" + std::string(path) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

void ConstraintErrors::throw_if_any() const {
  if (errors_.empty()) return;
  std::string message = std::to_string(errors_.size()) + " validation error" +
                        (errors_.size() > 1 ? "s" : "") + " detected: ";
  for (size_t i = 0; i < errors_.size(); ++i) {
    if (i) message += "; ";
    message += errors_[i];
  }
  throw ApiError::validation(message);
}

namespace {

bool name_characters(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

}  // namespace

void check_name(ConstraintErrors& errors, std::string_view name, std::string_view path) {
  if (!name_characters(name)) {
    errors.add(name, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  if (name.size() < 3) errors.add(name, path, "Member must have length greater than or equal to 3");
  if (name.size() > 255)
    errors.add(name, path, "Member must have length less than or equal to 255");
}

void check_table_name_keys(ConstraintErrors& errors, simdjson::dom::object map,
                           std::string_view path) {
  for (auto field : map) {
    if (name_characters(field.key) && field.key.size() >= 3 && field.key.size() <= 255) continue;
    errors.add(simdjson::minify(map), path,
               "Map keys must satisfy constraint: [Member must have length less than or equal to "
               "255, Member must have length greater than or equal to 3, Member must satisfy "
               "regular expression pattern: [a-zA-Z0-9_.-]+]");
    return;
  }
}

}  // namespace ddb
