#include "ddb/ops/legacy.h"

#include "ddb/error.h"
#include "ddb/ops/request.h"
#include "ddb/value/json_codec.h"
#include "ddb/value/number.h"

namespace ddb {

using expr::AttributeRefs;
using expr::Node;
using expr::PathElement;
using expr::UpdateAction;

namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw ApiError::request_validation("One or more parameter values were invalid: " + message);
}

Node path_node(std::string_view attribute) {
  Node n;
  n.kind = Node::Kind::Path;
  PathElement e;
  e.name = std::string(attribute);
  n.path.elements.push_back(std::move(e));
  return n;
}

Node value_node(AttributeValue value, AttributeRefs& refs) {
  Node n;
  n.kind = Node::Kind::Value;
  // A leading character no expression can contain keeps these apart from the request's own.
  n.value_name = "\x01legacy" + std::to_string(refs.values.size());
  refs.values.emplace(n.value_name, std::move(value));
  refs.value(n.value_name);  // mark it used
  return n;
}

Node combine(Node::Kind kind, Node a, Node b) {
  Node n;
  n.kind = kind;
  n.children.push_back(std::move(a));
  n.children.push_back(std::move(b));
  return n;
}

Node function(const char* name, std::vector<Node> args) {
  Node n;
  n.kind = Node::Kind::Function;
  n.op = name;
  n.children = std::move(args);
  return n;
}

Node negate(Node inner) {
  Node n;
  n.kind = Node::Kind::Not;
  n.children.push_back(std::move(inner));
  return n;
}

// Whether a BETWEEN's lower bound is above its upper one (numbers numerically, strings and
// binaries bytewise, as DynamoDB orders them). Refused in the words dynalite's test "BETWEEN
// arguments are in the incorrect order" records from DynamoDB (DynamoDB Local's too).
bool bounds_reversed(const AttributeValue& lower, const AttributeValue& upper) {
  if (lower.type == ValueType::N) {
    std::string error;
    auto a = Number::parse(lower.scalar, &error), b = Number::parse(upper.scalar, &error);
    return a && b && *a > *b;
  }
  return (lower.type == ValueType::S || lower.type == ValueType::B) && lower.scalar > upper.scalar;
}

// What each legacy ComparisonOperator takes: how many operands, and of which types (EQ and NE
// take any; the orderings, CONTAINS and IN take S, N and B; BEGINS_WITH S and B).
struct OperatorRule {
  const char* name;
  size_t min_operands, max_operands;
  bool any_type, numbers;
};

constexpr size_t kUnbounded = SIZE_MAX;
constexpr OperatorRule kOperatorRules[] = {{"EQ", 1, 1, true, true},
                                           {"NE", 1, 1, true, true},
                                           {"LT", 1, 1, false, true},
                                           {"LE", 1, 1, false, true},
                                           {"GT", 1, 1, false, true},
                                           {"GE", 1, 1, false, true},
                                           {"NULL", 0, 0, true, true},
                                           {"NOT_NULL", 0, 0, true, true},
                                           {"CONTAINS", 1, 1, false, true},
                                           {"NOT_CONTAINS", 1, 1, false, true},
                                           {"BEGINS_WITH", 1, 1, false, false},
                                           {"IN", 1, kUnbounded, false, true},
                                           {"BETWEEN", 2, 2, false, true}};

// Checks the operands as DynamoDB does: their count, then each operand in turn, whether the
// operator compares its type and whether it has the first one's type, then a BETWEEN's bounds.
// This order is DynamoDB Local's (LocalDBValidatorUtils.validateArgumentsForComparisonOperator);
// dynalite's tests, written against DynamoDB, agree: BETWEEN of an S and a BS is refused for the
// BS's type, not for the mix.
void check_operands(const OperatorRule& rule, const std::string& op,
                    const std::vector<AttributeValue>& values) {
  if (values.size() < rule.min_operands || values.size() > rule.max_operands) {
    invalid("Invalid number of argument(s) for the " + op + " ComparisonOperator");
  }
  for (const auto& v : values) {
    bool compared = rule.any_type || v.type == ValueType::S || v.type == ValueType::B ||
                    (rule.numbers && v.type == ValueType::N);
    if (!compared) {
      invalid("ComparisonOperator " + op + " is not valid for " + std::string(type_name(v.type)) +
              " AttributeValue type");
    }
    if (v.type != values[0].type) {
      invalid("AttributeValues inside AttributeValueList must be of same type");
    }
  }
  if (op == "BETWEEN" && bounds_reversed(values[0], values[1])) {
    throw ApiError::request_validation(
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound");
  }
}

Node comparison(std::string_view attribute, const std::string& op,
                std::vector<AttributeValue> values, AttributeRefs& refs) {
  const OperatorRule* rule = nullptr;
  for (const auto& r : kOperatorRules) {
    if (op == r.name) rule = &r;
  }
  if (!rule) {
    ConstraintErrors errors;
    errors.add(op, "comparisonOperator",
               "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, "
               "NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
    errors.throw_if_any();
    return {};
  }
  check_operands(*rule, op, values);
  static const std::pair<const char*, const char*> comparisons[] = {
      {"EQ", "="}, {"NE", "<>"}, {"LT", "<"}, {"LE", "<="}, {"GT", ">"}, {"GE", ">="}};
  for (auto [name, symbol] : comparisons) {
    if (op != name) continue;
    Node n = combine(Node::Kind::Compare, path_node(attribute), value_node(values[0], refs));
    n.op = symbol;
    return n;
  }
  if (op == "NULL" || op == "NOT_NULL") {
    std::vector<Node> args;
    args.push_back(path_node(attribute));
    return function(op == "NULL" ? "attribute_not_exists" : "attribute_exists", std::move(args));
  }
  if (op == "CONTAINS" || op == "NOT_CONTAINS" || op == "BEGINS_WITH") {
    std::vector<Node> args;
    args.push_back(path_node(attribute));
    args.push_back(value_node(values[0], refs));
    Node f = function(op == "BEGINS_WITH" ? "begins_with" : "contains", std::move(args));
    return op == "NOT_CONTAINS" ? negate(std::move(f)) : f;
  }
  Node n;
  n.kind = op == "IN" ? Node::Kind::In : Node::Kind::Between;
  n.children.push_back(path_node(attribute));
  for (auto& v : values) n.children.push_back(value_node(std::move(v), refs));
  return n;
}

Node one_condition(std::string_view attribute, simdjson::dom::object condition,
                   std::string_view parameter, AttributeRefs& refs) {
  simdjson::dom::element e;
  std::optional<AttributeValue> value;
  std::optional<bool> exists;
  std::optional<std::string> op;
  std::optional<std::vector<AttributeValue>> list;
  if (!condition.at_key("Value").get(e) && !e.is_null()) value = decode_value(e);
  if (!condition.at_key("Exists").get(e) && !e.is_null()) {
    bool b;
    if (e.get_bool().get(b)) throw ApiError::serialization("Expected boolean for Exists");
    exists = b;
  }
  if (!condition.at_key("ComparisonOperator").get(e) && !e.is_null()) op = json_string(e);
  if (!condition.at_key("AttributeValueList").get(e) && !e.is_null()) {
    list.emplace();
    for (auto v : json_array(e)) list->push_back(decode_value(v));
  }
  std::string name(attribute);
  if (op) {
    if (exists)
      invalid("Exists and ComparisonOperator cannot be used together for Attribute: " + name);
    if (value && list) {
      invalid("Value and AttributeValueList cannot be used together for Attribute: " + name);
    }
    // An Expected condition names its operands (dynalite's words, which DynamoDB answers inside
    // the request envelope: paritysuite/dynamodb-conformance, deleteItem.test.ts).
    if (parameter == "Expected" && !value && !list && *op != "NULL" && *op != "NOT_NULL") {
      invalid("Value or AttributeValueList must be used with ComparisonOperator: " + *op +
              " for Attribute: " + name);
    }
    std::vector<AttributeValue> values;
    if (list)
      values = std::move(*list);
    else if (value)
      values.push_back(std::move(*value));
    return comparison(attribute, *op, std::move(values), refs);
  }
  if (list) {
    invalid("AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
  }
  if (parameter != "Expected") {
    ConstraintErrors errors;
    errors.add_null(std::string(parameter == "QueryFilter"  ? "queryFilter"
                                : parameter == "ScanFilter" ? "scanFilter"
                                                            : "keyConditions") +
                    "." + name + ".member.comparisonOperator");
    errors.throw_if_any();
  }
  if (exists.value_or(true)) {
    if (!value) {
      invalid("Value must be provided when Exists is " + std::string(exists ? "true" : "null") +
              " for Attribute: " + name);
    }
    return comparison(attribute, "EQ", {std::move(*value)}, refs);
  }
  if (value) invalid("Value cannot be used when Exists is false for Attribute: " + name);
  return comparison(attribute, "NULL", {}, refs);
}

}  // namespace

std::optional<Node> legacy_condition(simdjson::dom::object conditions,
                                     std::string_view conditional_operator,
                                     std::string_view parameter, AttributeRefs& refs) {
  std::optional<Node> root;
  Node::Kind join = conditional_operator == "OR" ? Node::Kind::Or : Node::Kind::And;
  for (auto field : conditions) {
    check_attribute_name(field.key);
    Node n = one_condition(field.key, json_object(field.value), parameter, refs);
    root = root ? combine(join, std::move(*root), std::move(n)) : std::move(n);
  }
  return root;
}

std::vector<UpdateAction> legacy_updates(simdjson::dom::object attribute_updates,
                                         AttributeRefs& refs) {
  std::vector<UpdateAction> actions;
  for (auto field : attribute_updates) {
    auto update = json_object(field.value);
    simdjson::dom::element e;
    std::string action = "PUT";
    std::optional<AttributeValue> value;
    if (!update.at_key("Action").get(e) && !e.is_null()) action = json_string(e);
    if (!update.at_key("Value").get(e) && !e.is_null()) value = decode_value(e);
    check_attribute_name(field.key);
    UpdateAction a;
    a.path = path_node(field.key).path;
    if (action == "PUT") {
      if (!value) invalid("Only DELETE action is allowed when no attribute value is specified");
      a.kind = UpdateAction::Kind::Set;
      a.value = value_node(std::move(*value), refs);
    } else if (action == "DELETE") {
      if (!value) {
        a.kind = UpdateAction::Kind::Remove;
      } else {
        if (value->type != ValueType::SS && value->type != ValueType::NS &&
            value->type != ValueType::BS) {
          invalid("DELETE action with value is not supported for the type " +
                  std::string(type_name(value->type)));
        }
        a.kind = UpdateAction::Kind::Delete;
        a.value = value_node(std::move(*value), refs);
      }
    } else if (action == "ADD") {
      if (!value) invalid("Only DELETE action is allowed when no attribute value is specified");
      if (value->type == ValueType::L) {
        // ADD of a list appends to it, creating it when absent.
        AttributeValue empty;
        empty.type = ValueType::L;
        std::vector<Node> if_args;
        if_args.push_back(path_node(field.key));
        if_args.push_back(value_node(std::move(empty), refs));
        std::vector<Node> append_args;
        append_args.push_back(function("if_not_exists", std::move(if_args)));
        append_args.push_back(value_node(std::move(*value), refs));
        a.kind = UpdateAction::Kind::Set;
        a.value = function("list_append", std::move(append_args));
      } else if (value->type == ValueType::N || value->type == ValueType::SS ||
                 value->type == ValueType::NS || value->type == ValueType::BS) {
        a.kind = UpdateAction::Kind::Add;
        a.value = value_node(std::move(*value), refs);
      } else {
        invalid("ADD action is not supported for the type " + std::string(type_name(value->type)));
      }
    } else {
      ConstraintErrors errors;
      errors.add(action, "attributeUpdates." + std::string(field.key) + ".member.action",
                 "Member must satisfy enum value set: [ADD, PUT, DELETE]");
      errors.throw_if_any();
    }
    actions.push_back(std::move(a));
  }
  return actions;
}

}  // namespace ddb
