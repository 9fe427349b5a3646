#include "ddb/expr/resolve.h"

#include "ddb/error.h"
#include "ddb/expr/parser.h"
#include "ddb/expr/reserved_words.h"
#include "ddb/value/number.h"

namespace ddb::expr {

namespace {

constexpr size_t kMaxInOperands = 100;
constexpr size_t kMaxOperators = 300;
constexpr size_t kMaxPathDepth = 32;

const char* kConditionFunctions[] = {"attribute_exists", "attribute_not_exists",
                                     "attribute_type",   "begins_with",
                                     "contains",         "size"};

bool is_condition_function(const std::string& name) {
  for (const char* f : kConditionFunctions) {
    if (name == f) return true;
  }
  return false;
}

int function_arity(const std::string& name) {
  if (name == "attribute_exists" || name == "attribute_not_exists" || name == "size") return 1;
  return 2;  // attribute_type, begins_with, contains, if_not_exists, list_append
}

class Resolver {
 public:
  Resolver(std::string_view expression_name, AttributeRefs& refs, bool update)
      : name_(expression_name), refs_(refs), update_(update) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw ApiError::request_validation("Invalid " + std::string(name_) + ": " + message);
  }

  // Pass 1: how the expression is built — functions where they may stand, reserved words, limits.
  void check_structure(const Node& n, bool condition_position) {
    switch (n.kind) {
      case Node::Kind::And:
      case Node::Kind::Or:
      case Node::Kind::Not:
        ++operators_;
        for (const auto& c : n.children) check_structure(c, true);
        return;
      case Node::Kind::Compare:
      case Node::Kind::Between:
      case Node::Kind::In:
        ++operators_;
        if (n.kind == Node::Kind::In && n.children.size() - 1 > kMaxInOperands) {
          fail("The IN operator is provided with too many operands; number of operands: " +
               std::to_string(n.children.size() - 1));
        }
        for (const auto& c : n.children) {
          if (c.kind == Node::Kind::Function && c.op != "size") misused(c.op);
          check_structure(c, false);
        }
        return;
      case Node::Kind::Function:
        ++operators_;
        if (update_ ? is_condition_function(n.op) : !is_condition_function(n.op)) {
          if (update_)
            fail("The function is not allowed in an update expression; function: " + n.op);
          fail("Invalid function name; function: " + n.op);
        }
        if (condition_position && n.op == "size") misused(n.op);
        for (const auto& c : n.children) {
          // In an update, functions nest in functions (list_append(if_not_exists(a, :v), :w)),
          // except list_append, which DynamoDB refuses inside another function.
          bool nestable = update_ ? c.op != "list_append" : c.op == "size";
          if (c.kind == Node::Kind::Function && !nestable) misused(c.op);
          check_structure(c, false);
        }
        return;
      case Node::Kind::Plus:
      case Node::Kind::Minus:
        ++operators_;
        for (const auto& c : n.children) check_structure(c, false);
        return;
      case Node::Kind::Path:
        if (condition_position)
          fail("Syntax error; token: \"<EOF>\", near: \"" + n.path.text() + "\"");
        check_path(n.path);
        return;
      case Node::Kind::Value:
        if (condition_position) {
          fail("Syntax error; token: \"<EOF>\", near: \"" + n.value_name + "\"");
        }
        return;
    }
  }

  void check_path(const Path& path) {
    if (path.elements.size() > kMaxPathDepth) {
      fail("The document path has too many nesting levels; nesting levels: " +
           std::to_string(path.elements.size()));
    }
    for (const auto& e : path.elements) {
      if (!e.is_index && !e.placeholder && is_reserved_word(e.name)) {
        fail("Attribute name is a reserved keyword; reserved keyword: " + e.name);
      }
    }
  }

  void check_operator_count() const {
    if (operators_ > kMaxOperators) {
      fail("The expression contains too many operators; operator count: " +
           std::to_string(operators_));
    }
  }

  // Pass 2: placeholders, then what each operator or function requires of its operands.
  void resolve(Node& n) {
    for (auto& c : n.children) resolve(c);
    switch (n.kind) {
      case Node::Kind::Path:
        resolve_path(n.path);
        return;
      case Node::Kind::Value:
        refs_.value(n.value_name, name_);
        return;
      case Node::Kind::Function:
        check_function(n);
        return;
      case Node::Kind::Compare:
        check_distinct(n.op, n.children[0], n.children[1]);
        // An ordering of a literal that has no order (a list, map, set, boolean or null) is
        // refused when the expression is read, not evaluated to false.
        if (n.op != "=" && n.op != "<>") {
          for (const auto& c : n.children) {
            const AttributeValue* v = literal(c);
            if (v && !orderable(*v)) operand_type_error(n.op, v->type);
          }
        }
        return;
      case Node::Kind::Between:
        check_between(n);
        return;
      case Node::Kind::Plus:
      case Node::Kind::Minus:
        for (const auto& c : n.children) {
          const AttributeValue* v = literal(c);
          if (v && v->type != ValueType::N) {
            fail(std::string("Incorrect operand type for operator or function; operator or "
                             "function: ") +
                 (n.kind == Node::Kind::Plus ? "+" : "-") +
                 ", operand type: " + std::string(type_name(v->type)));
          }
        }
        return;
      default:
        return;
    }
  }

  void resolve_path(Path& path) {
    for (auto& e : path.elements) {
      if (e.placeholder) {
        e.name = refs_.name(e.name, name_);
        e.placeholder = false;
      }
    }
  }

 private:
  [[noreturn]] void misused(const std::string& function) const {
    fail("The function is not allowed to be used this way in an expression; function: " + function);
  }

  static bool orderable(const AttributeValue& v) {
    return v.type == ValueType::S || v.type == ValueType::N || v.type == ValueType::B;
  }

  const AttributeValue* literal(const Node& n) {
    return n.kind == Node::Kind::Value ? &refs_.value(n.value_name, name_) : nullptr;
  }

  void operand_type_error(const std::string& function, ValueType type) const {
    fail("Incorrect operand type for operator or function; operator or function: " + function +
         ", operand type: " + std::string(type_name(type)));
  }

  void check_function(const Node& n) {
    int arity = function_arity(n.op);
    if (static_cast<int>(n.children.size()) != arity) {
      fail("Incorrect number of operands for operator or function; operator or function: " + n.op +
           ", number of operands: " + std::to_string(n.children.size()));
    }
    if ((n.op == "attribute_exists" || n.op == "attribute_not_exists" || n.op == "if_not_exists") &&
        n.children[0].kind != Node::Kind::Path) {
      fail("Operator or function requires a document path; operator or function: " + n.op);
    }
    if (arity == 2 && n.op != "list_append") check_distinct(n.op, n.children[0], n.children[1]);
    if (n.op == "begins_with") {
      for (const auto& c : n.children) {
        const AttributeValue* v = literal(c);
        if (v && v->type != ValueType::S && v->type != ValueType::B)
          operand_type_error(n.op, v->type);
      }
    } else if (n.op == "attribute_type") {
      const AttributeValue* v = literal(n.children[1]);
      if (!v)
        fail(
            "Incorrect operand type for operator or function; operator or function: "
            "attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
      if (v->type != ValueType::S) operand_type_error(n.op, v->type);
      static const char* types[] = {"S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"};
      bool valid = false;
      for (const char* t : types) valid |= v->scalar == t;
      if (!valid) {
        fail("Invalid attribute type name found; type: " + v->scalar +
             ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
      }
    } else if (n.op == "size") {
      const AttributeValue* v = literal(n.children[0]);
      if (v &&
          (v->type == ValueType::N || v->type == ValueType::BOOL || v->type == ValueType::NUL)) {
        operand_type_error(n.op, v->type);
      }
    } else if (n.op == "list_append") {
      for (const auto& c : n.children) {
        const AttributeValue* v = literal(c);
        if (v && v->type != ValueType::L) operand_type_error(n.op, v->type);
      }
    }
  }

  void check_distinct(const std::string& op, const Node& a, const Node& b) const {
    if (a.kind != Node::Kind::Path || b.kind != Node::Kind::Path) return;
    if (a.path.describe() != b.path.describe()) return;
    fail(
        "The first operand must be distinct from the remaining operands for this operator or "
        "function; operator: " +
        op + ", first operand: " + a.path.describe());
  }

  void check_between(const Node& n) {
    // An ordering, as "<": a literal with no order is refused when the expression is read
    // (DynamoDB, eu-west-2, October 2026: "operator or function: BETWEEN, operand type: BOOL").
    for (const auto& c : n.children) {
      const AttributeValue* v = literal(c);
      if (v && !orderable(*v)) operand_type_error("BETWEEN", v->type);
    }
    const AttributeValue* low = literal(n.children[1]);
    const AttributeValue* high = literal(n.children[2]);
    if (!low || !high) return;
    auto describe = [](const AttributeValue& v) {
      return "AttributeValue: {" + std::string(type_name(v.type)) + ":" + v.scalar + "}";
    };
    if (low->type != high->type) {
      fail(
          "The BETWEEN operator requires same data type for lower and upper bounds; lower bound "
          "operand: " +
          describe(*low) + ", upper bound operand: " + describe(*high));
    }
    bool greater = false;
    if (low->type == ValueType::N) {
      std::string error;
      greater = *Number::parse(low->scalar, &error) > *Number::parse(high->scalar, &error);
    } else if (low->type == ValueType::S || low->type == ValueType::B) {
      greater = low->scalar > high->scalar;
    }
    if (greater) {
      fail(
          "The BETWEEN operator requires upper bound to be greater than or equal to lower "
          "bound; lower bound operand: " +
          describe(*low) + ", upper bound operand: " + describe(*high));
    }
  }

  std::string_view name_;
  AttributeRefs& refs_;
  bool update_;
  size_t operators_ = 0;
};

}  // namespace

void check_paths_distinct(const std::vector<const Path*>& paths, std::string_view expression_name) {
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = i + 1; j < paths.size(); ++j) {
      const auto& a = paths[i]->elements;
      const auto& b = paths[j]->elements;
      size_t common = std::min(a.size(), b.size());
      bool conflict = false, diverge = false;
      for (size_t k = 0; k < common && !diverge; ++k) {
        if (a[k].is_index != b[k].is_index) {
          conflict = true;
          break;
        }
        diverge = a[k].is_index ? a[k].index != b[k].index : a[k].name != b[k].name;
      }
      if (diverge) continue;
      std::string which = conflict ? "conflict" : "overlap";
      throw ApiError::request_validation(
          "Invalid " + std::string(expression_name) + ": Two document paths " + which +
          " with each other; must remove or rewrite one of these paths; "
          "path one: " +
          paths[i]->describe() + ", path two: " + paths[j]->describe());
    }
  }
}

void resolve_condition(Node& root, std::string_view expression_name, AttributeRefs& refs) {
  Resolver resolver(expression_name, refs, false);
  resolver.check_structure(root, true);
  resolver.check_operator_count();
  resolver.resolve(root);
}

void resolve_projection(std::vector<Path>& paths, AttributeRefs& refs) {
  Resolver resolver("ProjectionExpression", refs, false);
  for (auto& p : paths) resolver.check_path(p);
  for (auto& p : paths) resolver.resolve_path(p);
  std::vector<const Path*> all;
  for (const auto& p : paths) all.push_back(&p);
  check_paths_distinct(all, "ProjectionExpression");
}

void resolve_update(std::vector<UpdateAction>& actions, AttributeRefs& refs) {
  Resolver resolver("UpdateExpression", refs, true);
  for (auto& a : actions) {
    resolver.check_path(a.path);
    if (a.kind != UpdateAction::Kind::Remove) resolver.check_structure(a.value, false);
  }
  resolver.check_operator_count();
  for (auto& a : actions) {
    resolver.resolve_path(a.path);
    if (a.kind == UpdateAction::Kind::Remove) continue;
    resolver.resolve(a.value);
    if (a.kind == UpdateAction::Kind::Add || a.kind == UpdateAction::Kind::Delete) {
      const char* op = a.kind == UpdateAction::Kind::Add ? "ADD" : "DELETE";
      if (a.value.kind != Node::Kind::Value) {
        resolver.fail(std::string("Syntax error; token: \"") + op + "\", near: \"" + op + "\"");
      }
      const AttributeValue& v = refs.value(a.value.value_name, "UpdateExpression");
      bool ok = v.type == ValueType::SS || v.type == ValueType::NS || v.type == ValueType::BS ||
                (a.kind == UpdateAction::Kind::Add && v.type == ValueType::N);
      if (!ok) {
        resolver.fail(std::string("Incorrect operand type for operator or function; operator: ") +
                      op + ", operand type: " + std::string(type_name(v.type)));
      }
    }
  }
  std::vector<const Path*> all;
  for (const auto& a : actions) all.push_back(&a.path);
  check_paths_distinct(all, "UpdateExpression");
}

Node condition_expression(std::string_view text, std::string_view expression_name,
                          AttributeRefs& refs) {
  Node root = parse_condition(text, expression_name);
  resolve_condition(root, expression_name, refs);
  return root;
}

std::vector<Path> projection_expression(std::string_view text, AttributeRefs& refs) {
  std::vector<Path> paths = parse_projection(text);
  resolve_projection(paths, refs);
  return paths;
}

std::vector<UpdateAction> update_expression(std::string_view text, AttributeRefs& refs) {
  std::vector<UpdateAction> actions = parse_update(text);
  resolve_update(actions, refs);
  return actions;
}

}  // namespace ddb::expr
