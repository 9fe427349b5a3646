// The syntax tree of DynamoDB's expression language: document paths, operands, conditions.
// One Node type serves every expression kind (key condition, condition, filter, projection).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ddb::expr {

// One step of a document path: an attribute name (already resolved from a #placeholder) or a
// list index.
struct PathElement {
  bool is_index = false;
  std::string name;
  uint32_t index = 0;
};

struct Path {
  std::vector<PathElement> elements;
  // The path as written, for error messages ("a.b[2]").
  std::string text() const;
};

struct Node {
  enum class Kind { Path, Value, Function, Compare, Between, In, And, Or, Not };
  Kind kind = Kind::Path;
  std::string op;          // Compare: "=", "<>", "<", "<=", ">", ">="; Function: its name
  Path path;               // Path
  std::string value_name;  // Value: the placeholder as written (":v")
  std::vector<Node> children;
};

}  // namespace ddb::expr
