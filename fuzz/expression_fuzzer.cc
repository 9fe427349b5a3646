// libFuzzer target: every expression kind through the parser, the resolver and the evaluator.
// Any input must end in a result or an ApiError — never a crash, a hang or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ddb/error.h"
#include "ddb/expr/evaluator.h"
#include "ddb/expr/key_condition.h"
#include "ddb/expr/parser.h"
#include "ddb/expr/projection.h"
#include "ddb/expr/resolve.h"
#include "ddb/expr/update.h"

namespace {

ddb::expr::AttributeRefs make_refs() {
  ddb::expr::AttributeRefs refs;
  refs.names = {{"#a", "a"}, {"#b", "b"}, {"#pk", "pk"}};
  refs.values.emplace(":s", ddb::AttributeValue::string("abc"));
  refs.values.emplace(":n", ddb::AttributeValue::number("12.5"));
  ddb::AttributeValue list;
  list.type = ddb::ValueType::L;
  list.list.push_back(ddb::AttributeValue::number("1"));
  refs.values.emplace(":l", list);
  ddb::AttributeValue set;
  set.type = ddb::ValueType::SS;
  set.set = {"x", "y"};
  refs.values.emplace(":ss", set);
  return refs;
}

ddb::Item make_item() {
  ddb::Item item;
  item.emplace("pk", ddb::AttributeValue::string("p"));
  item.emplace("a", ddb::AttributeValue::number("3"));
  ddb::AttributeValue map;
  map.type = ddb::ValueType::M;
  map.map.emplace("c", ddb::AttributeValue::string("abcdef"));
  ddb::AttributeValue list;
  list.type = ddb::ValueType::L;
  list.list.push_back(map);
  item.emplace("b", list);
  return item;
}

bool same_path(const ddb::expr::Path& a, const ddb::expr::Path& b) {
  if (a.elements.size() != b.elements.size()) return false;
  for (size_t i = 0; i < a.elements.size(); ++i) {
    const auto &x = a.elements[i], &y = b.elements[i];
    if (x.is_index != y.is_index || x.placeholder != y.placeholder || x.name != y.name ||
        x.index != y.index) {
      return false;
    }
  }
  return true;
}

bool same_tree(const ddb::expr::Node& a, const ddb::expr::Node& b) {
  if (a.kind != b.kind || a.op != b.op || a.value_name != b.value_name ||
      a.parenthesized != b.parenthesized || !same_path(a.path, b.path) ||
      a.children.size() != b.children.size()) {
    return false;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!same_tree(a.children[i], b.children[i])) return false;
  }
  return true;
}

// The parser keeps the trees of the texts it read last: a text read again (from what was kept)
// must give the tree it gave the first time, and an unreadable one the same refusal.
void check_kept_tree(std::string_view text) {
  std::optional<ddb::expr::Node> first;
  std::string first_error;
  try {
    first = ddb::expr::parse_condition(text, "ConditionExpression");
  } catch (const ddb::ApiError& e) {
    first_error = e.message();
  }
  try {
    ddb::expr::Node again = ddb::expr::parse_condition(text, "ConditionExpression");
    if (!first || !same_tree(*first, again)) __builtin_trap();
  } catch (const ddb::ApiError& e) {
    if (first || e.message() != first_error) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the expression kind; the rest is the expression.
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const ddb::Item item = make_item();
  ddb::expr::AttributeRefs refs = make_refs();
  try {
    switch (data[0] % 4) {
      case 0: {
        check_kept_tree(text);
        auto node = ddb::expr::condition_expression(text, "ConditionExpression", refs);
        ddb::expr::evaluate_condition(node, item, refs);
        break;
      }
      case 1: {
        auto actions = ddb::expr::update_expression(text, refs);
        ddb::expr::apply_update(actions, item, refs);
        break;
      }
      case 2: {
        auto paths = ddb::expr::projection_expression(text, refs);
        ddb::expr::project(item, paths);
        break;
      }
      case 3: {
        ddb::TableDef table;
        table.attribute_definitions = {{"pk", 'S'}, {"a", 'N'}};
        table.key.hash = "pk";
        table.key.range = "a";
        auto node = ddb::expr::condition_expression(text, "KeyConditionExpression", refs);
        ddb::expr::analyze_key_condition(node, table.key, table, refs);
        break;
      }
    }
  } catch (const ddb::ApiError&) {
  }
  return 0;
}
