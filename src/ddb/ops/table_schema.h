// Reading the table definitions of CreateTable and UpdateTable: key schemas, provisioned
// throughput, secondary indexes and stream specifications, with DynamoDB's validation messages.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ddb/ops/request.h"
#include "ddb/storage/table_def.h"

namespace ddb {

constexpr int64_t kMaxCapacity = 1000000000000LL;

// The time now in epoch seconds, with microseconds.
double now_seconds();

struct StreamSpecification {
  bool enabled = false;
  std::string view_type;
};
// StreamSpecification of CreateTable and UpdateTable: a view type exactly when enabled.
StreamSpecification read_stream_specification(simdjson::dom::object json);
// A new stream: its label is the time it was enabled.
void enable_stream(TableDef& table, const std::string& view_type);

// "a, b, c"
std::string join(const std::vector<std::string>& names);
// ValidationException "One or more parameter values were invalid: <message>".
[[noreturn]] void invalid(const std::string& message);

// A KeySchema as given: (AttributeName, KeyType) in order (the model stage checked its members).
struct KeySchemaInput {
  std::vector<std::pair<std::string, std::string>> elements;  // name, KeyType
};
KeySchemaInput read_key_schema(simdjson::dom::element json);
// The schema of a table or index: one HASH, then at most one RANGE; a global index's (when
// `global`) up to 4 HASH, then up to 4 RANGE, each attribute once.
KeySchema to_key_schema(const KeySchemaInput& input, bool global = false);

// ProvisionedThroughput's two units, each at least 1.
void read_throughput(simdjson::dom::element json, const std::string& path, ConstraintErrors& errors,
                     int64_t* read, int64_t* write);

// One entry of GlobalSecondaryIndexes / LocalSecondaryIndexes (or an UpdateTable Create).
IndexDef read_index(simdjson::dom::element json, bool global, const std::string& path,
                    ConstraintErrors& errors, const TableDef& table);

}  // namespace ddb
