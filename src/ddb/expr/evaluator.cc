#include "ddb/expr/evaluator.h"

#include <algorithm>

#include "ddb/error.h"
#include "ddb/value/number.h"
#include "ddb/value/number_arithmetic.h"

namespace ddb::expr {

const AttributeValue* find_path(const Item& item, const Path& path) {
  const AttributeValue* at = nullptr;
  for (size_t i = 0; i < path.elements.size(); ++i) {
    const PathElement& e = path.elements[i];
    if (i == 0) {
      auto it = item.find(e.name);
      if (it == item.end()) return nullptr;
      at = &it->second;
    } else if (e.is_index) {
      if (at->type != ValueType::L || e.index >= at->list.size()) return nullptr;
      at = &at->list[e.index];
    } else {
      if (at->type != ValueType::M) return nullptr;
      auto it = at->map.find(e.name);
      if (it == at->map.end()) return nullptr;
      at = &it->second;
    }
  }
  return at;
}

int compare_scalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.type == ValueType::N) {
    std::string error;
    auto x = Number::parse(a.scalar, &error), y = Number::parse(b.scalar, &error);
    auto c = *x <=> *y;
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  int c = a.scalar.compare(b.scalar);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

namespace {

bool orderable(const AttributeValue& v) {
  return v.type == ValueType::N || v.type == ValueType::S || v.type == ValueType::B;
}

// An operand's value: a pointer into the item or the request, or `scratch` for size().
const AttributeValue* operand_value(const Node& n, const Item& item, AttributeRefs& refs,
                                    AttributeValue& scratch) {
  switch (n.kind) {
    case Node::Kind::Path:
      return find_path(item, n.path);
    case Node::Kind::Value:
      return &refs.value(n.value_name);
    case Node::Kind::Function: {
      // size() is the only function that is an operand of a condition.
      AttributeValue inner_scratch;
      const AttributeValue* v = operand_value(n.children[0], item, refs, inner_scratch);
      if (!v) return nullptr;
      size_t size;
      switch (v->type) {
        case ValueType::S:
        case ValueType::B:
          size = v->scalar.size();
          break;
        case ValueType::SS:
        case ValueType::NS:
        case ValueType::BS:
          size = v->set.size();
          break;
        case ValueType::L:
          size = v->list.size();
          break;
        case ValueType::M:
          size = v->map.size();
          break;
        default:
          return nullptr;
      }
      scratch = AttributeValue::number(std::to_string(size));
      return &scratch;
    }
    default:
      return nullptr;
  }
}

bool compare(const std::string& op, const AttributeValue* a, const AttributeValue* b) {
  if (op == "=") return a && b && *a == *b;
  if (op == "<>") return !(a && b && *a == *b);
  if (!a || !b || a->type != b->type || !orderable(*a)) return false;
  int c = compare_scalars(*a, *b);
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

bool contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type) {
    case ValueType::S:
    case ValueType::B:
      return needle.type == haystack.type &&
             haystack.scalar.find(needle.scalar) != std::string::npos;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS: {
      ValueType element = haystack.type == ValueType::SS   ? ValueType::S
                          : haystack.type == ValueType::NS ? ValueType::N
                                                           : ValueType::B;
      return needle.type == element && std::find(haystack.set.begin(), haystack.set.end(),
                                                 needle.scalar) != haystack.set.end();
    }
    case ValueType::L:
      return std::find(haystack.list.begin(), haystack.list.end(), needle) != haystack.list.end();
    default:
      return false;
  }
}

bool evaluate_function(const Node& n, const Item& item, AttributeRefs& refs) {
  AttributeValue scratch_a, scratch_b;
  if (n.op == "attribute_exists") return find_path(item, n.children[0].path) != nullptr;
  if (n.op == "attribute_not_exists") return find_path(item, n.children[0].path) == nullptr;
  const AttributeValue* a = operand_value(n.children[0], item, refs, scratch_a);
  const AttributeValue* b = operand_value(n.children[1], item, refs, scratch_b);
  if (!a || !b) return false;
  if (n.op == "attribute_type") return b->type == ValueType::S && type_name(a->type) == b->scalar;
  if (n.op == "begins_with") {
    return a->type == b->type && (a->type == ValueType::S || a->type == ValueType::B) &&
           a->scalar.compare(0, b->scalar.size(), b->scalar) == 0;
  }
  if (n.op == "contains") return contains(*a, *b);
  return false;
}

[[noreturn]] void incorrect_type() {
  throw ApiError::validation("An operand in the update expression has an incorrect data type");
}

}  // namespace

bool evaluate_condition(const Node& n, const Item& item, AttributeRefs& refs) {
  switch (n.kind) {
    case Node::Kind::And:
      return evaluate_condition(n.children[0], item, refs) &&
             evaluate_condition(n.children[1], item, refs);
    case Node::Kind::Or:
      return evaluate_condition(n.children[0], item, refs) ||
             evaluate_condition(n.children[1], item, refs);
    case Node::Kind::Not:
      return !evaluate_condition(n.children[0], item, refs);
    case Node::Kind::Compare: {
      AttributeValue sa, sb;
      return compare(n.op, operand_value(n.children[0], item, refs, sa),
                     operand_value(n.children[1], item, refs, sb));
    }
    case Node::Kind::Between: {
      AttributeValue s0, s1, s2;
      const AttributeValue* v = operand_value(n.children[0], item, refs, s0);
      return compare(">=", v, operand_value(n.children[1], item, refs, s1)) &&
             compare("<=", v, operand_value(n.children[2], item, refs, s2));
    }
    case Node::Kind::In: {
      AttributeValue s0;
      const AttributeValue* v = operand_value(n.children[0], item, refs, s0);
      if (!v) return false;
      for (size_t i = 1; i < n.children.size(); ++i) {
        AttributeValue si;
        const AttributeValue* candidate = operand_value(n.children[i], item, refs, si);
        if (candidate && *candidate == *v) return true;
      }
      return false;
    }
    case Node::Kind::Function:
      return evaluate_function(n, item, refs);
    default:
      return false;
  }
}

AttributeValue evaluate_operand(const Node& n, const Item& item, AttributeRefs& refs) {
  switch (n.kind) {
    case Node::Kind::Value:
      return refs.value(n.value_name);
    case Node::Kind::Path: {
      const AttributeValue* v = find_path(item, n.path);
      if (!v) {
        throw ApiError::validation(
            "The provided expression refers to an attribute that does not exist in the item");
      }
      return *v;
    }
    case Node::Kind::Plus:
    case Node::Kind::Minus: {
      AttributeValue a = evaluate_operand(n.children[0], item, refs);
      AttributeValue b = evaluate_operand(n.children[1], item, refs);
      if (a.type != ValueType::N || b.type != ValueType::N) incorrect_type();
      return AttributeValue::number(n.kind == Node::Kind::Plus
                                        ? add_numbers(a.scalar, b.scalar)
                                        : subtract_numbers(a.scalar, b.scalar));
    }
    case Node::Kind::Function:
      if (n.op == "if_not_exists") {
        if (const AttributeValue* v = find_path(item, n.children[0].path)) return *v;
        return evaluate_operand(n.children[1], item, refs);
      }
      if (n.op == "list_append") {
        AttributeValue a = evaluate_operand(n.children[0], item, refs);
        AttributeValue b = evaluate_operand(n.children[1], item, refs);
        if (a.type != ValueType::L || b.type != ValueType::L) incorrect_type();
        for (auto& e : b.list) a.list.push_back(std::move(e));
        return a;
      }
      incorrect_type();
    default:
      incorrect_type();
  }
}

}  // namespace ddb::expr
