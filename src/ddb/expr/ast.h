// The syntax tree of DynamoDB's expression language: document paths, operands, conditions and
// update actions. One Node type serves every expression kind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ddb::expr {

// One step of a document path: an attribute name or a list index. A name written as a #name
// placeholder keeps the placeholder until the expression is resolved (see resolve.h).
struct PathElement {
  bool is_index = false;
  bool placeholder = false;
  std::string name;
  uint32_t index = 0;
};

struct Path {
  std::vector<PathElement> elements;
  // "[a, b, [2]]", as DynamoDB writes paths in error messages.
  std::string describe() const;
  // "a.b[2]", as written.
  std::string text() const;
};

struct Node {
  enum class Kind {
    Path,
    Value,     // a :value placeholder
    Function,  // op is its name
    Compare,   // op: "=", "<>", "<", "<=", ">", ">="
    Between,
    In,
    And,
    Or,
    Not,
    Plus,  // update values only: a + b
    Minus  // update values only: a - b
  };
  Kind kind = Kind::Path;
  std::string op;
  Path path;               // Path
  std::string value_name;  // Value: the placeholder as written (":v")
  std::vector<Node> children;
  bool parenthesized = false;  // written inside its own parentheses
};

// One action of an UpdateExpression.
struct UpdateAction {
  enum class Kind { Set, Remove, Add, Delete };
  Kind kind;
  Path path;
  Node value;  // Set, Add, Delete
};

}  // namespace ddb::expr
