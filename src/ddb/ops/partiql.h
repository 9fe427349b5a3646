// PartiQL, DynamoDB's dialect: a statement compiled onto the engine's own operations. A SELECT
// becomes a GetItem (the whole key fixed by "="), a Query (the partition fixed: its key
// conditions, the rest as a filter) or a Scan with a filter; INSERT a conditional PutItem; UPDATE
// and DELETE an UpdateItem or DeleteItem of the key the WHERE clause fixes, the rest of it their
// condition. The compiled request is the DynamoDB JSON the operation takes, so every write goes
// through the one write path, with its streams, TTL, indexes and capacity.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "ddb/storage/engine.h"

namespace ddb::partiql {

// One step of a document path: an attribute or map key, or a list index.
struct PathStep {
  std::string name;
  int index = -1;  // >= 0: a list element
};

struct Compiled {
  enum class Kind { Select, Insert, Update, Delete, Exists };
  Kind kind = Kind::Select;
  std::string table;
  bool on_index = false;      // SELECT FROM "table"."index"
  bool global_index = false;  // ... of a global index
  // The operation ("GetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem"; for
  // EXISTS(SELECT ...), which only a transaction takes, a "ConditionCheck" action) and the
  // members of its request body, as JSON text without the enclosing braces, so that the caller
  // can add its own (Limit, ExclusiveStartKey, ConsistentRead, ReturnConsumedCapacity...).
  std::string operation;
  std::string members;
  // SELECT of named paths: each result attribute is named after its path's last name
  // (SELECT a.b yields "b"), so the caller renames after the projection. Empty for SELECT *.
  std::vector<std::pair<std::vector<PathStep>, std::string>> renames;  // path -> result name
  bool returning = false;             // UPDATE / DELETE ... RETURNING
  bool condition_beyond_key = false;  // EXISTS(SELECT ...): its WHERE tests more than the key
};

// Compiles `statement` with its `?` parameters (DynamoDB JSON attribute values, in order).
// Throws ApiError: ValidationException for a statement that is not well formed or not allowed
// (DynamoDB's words), ResourceNotFoundException for an unknown table. Each thread keeps the
// statements it compiled last, compiled for any parameters, and binds a kept one's parameters
// where it can (partiql.cc); the result is what compile_afresh gives.
Compiled compile(std::string_view statement, const std::vector<simdjson::dom::element>& parameters,
                 const Engine& engine);

// The same, always parsed and planned from the statement's text: for the fuzz target and tests
// that hold compile() to it.
Compiled compile_afresh(std::string_view statement,
                        const std::vector<simdjson::dom::element>& parameters,
                        const Engine& engine);

}  // namespace ddb::partiql
