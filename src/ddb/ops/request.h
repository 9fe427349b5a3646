// Request: one parsed DynamoDB request body and typed accessors for its parameters. Accessors
// throw ApiError with DynamoDB's SerializationException / ValidationException wording.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/expr/attribute_refs.h"
#include "ddb/value/attribute_value.h"

namespace ddb {

struct RequestContext {
  std::string region = "us-east-1";
  std::string account = "000000000000";
  std::string host;  // the request's Host header
};

class Request {
 public:
  // Reads the body's parameter names once: an operation asks for each parameter it knows, most
  // of them absent, and a search of the body's fields by name for each (simdjson's at_key) was
  // ~3,000 instructions of a Query's ~160,000 (bench/instructions).
  Request(simdjson::dom::object body, const RequestContext& context);

  const RequestContext& context() const { return context_; }
  simdjson::dom::object body() const { return body_; }

  bool has(std::string_view field) const;
  std::optional<simdjson::dom::element> element(std::string_view field) const;
  std::optional<std::string_view> string(std::string_view field) const;
  std::optional<int64_t> integer(std::string_view field) const;
  std::optional<bool> boolean(std::string_view field) const;
  std::optional<simdjson::dom::object> object(std::string_view field) const;
  std::optional<simdjson::dom::array> array(std::string_view field) const;

  // TableName, required and checked against DynamoDB's name rules.
  std::string table_name() const;
  // ExpressionAttributeNames / ExpressionAttributeValues into `refs`.
  void read_attribute_refs(expr::AttributeRefs* refs) const;
  // ReturnConsumedCapacity: "NONE" (also when absent), "TOTAL" or "INDEXES".
  std::string return_consumed_capacity() const;

 private:
  simdjson::dom::object body_;
  const RequestContext& context_;
  // The body's first kMaxFields fields, in order; a body with more is searched by at_key.
  static constexpr size_t kMaxFields = 24;
  struct Field {
    std::string_view name;
    simdjson::dom::element value;
  };
  Field fields_[kMaxFields];
  size_t field_count_ = 0;
  bool more_fields_ = false;
};

// Typed readers for nested JSON values, with the same error wording.
std::string_view json_string(simdjson::dom::element e);
int64_t json_integer(simdjson::dom::element e);
simdjson::dom::object json_object(simdjson::dom::element e);
simdjson::dom::array json_array(simdjson::dom::element e);

// Collects "Value 'x' at 'p' failed to satisfy constraint: ..." items and throws them as one
// ValidationException ("N validation error(s) detected: ...").
class ConstraintErrors {
 public:
  void add(std::string_view value, std::string_view path, std::string_view constraint);
  void add_null(std::string_view path);
  // DynamoDB's newer form, which names the member without echoing its value:
  // "Value at 'Limit' failed to satisfy constraint: ...".
  void add_unechoed(std::string_view path, std::string_view constraint);
  void throw_if_any() const;
  bool empty() const { return errors_.empty(); }

 private:
  std::vector<std::string> errors_;
};

// Checks a table or index name: 3..255 characters of [a-zA-Z0-9_.-].
void check_name(ConstraintErrors& errors, std::string_view name, std::string_view path);

// Checks the keys of a map keyed by table names (the batch operations' RequestItems). Any key
// that is not one is reported as DynamoDB reports it: one constraint on the map, echoed as JSON,
// listing every bound of a name (us-east-1 and eu-west-2, 2026-10-09, as
// paritysuite/dynamodb-conformance's batchGetItem.test.ts records it; dynalite's tests recorded
// the same form for BatchWriteItem).
void check_table_name_keys(ConstraintErrors& errors, simdjson::dom::object map,
                           std::string_view path);

}  // namespace ddb
