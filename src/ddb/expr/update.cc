#include "ddb/expr/update.h"

#include <algorithm>

#include "ddb/error.h"
#include "ddb/expr/evaluator.h"
#include "ddb/value/number_arithmetic.h"

namespace ddb::expr {

namespace {

[[noreturn]] void invalid_path() {
  throw ApiError::validation(
      "The document path provided in the update expression is invalid for update");
}

[[noreturn]] void incorrect_type() {
  throw ApiError::validation("An operand in the update expression has an incorrect data type");
}

// The value holding the last element of `path` (the item itself as a map for a top-level path),
// or null when it does not exist. With `for_write`, a missing parent is an invalid path.
AttributeValue* parent_of(Item& item, const Path& path, AttributeValue& root, bool for_write) {
  root.type = ValueType::M;
  AttributeValue* at = nullptr;
  for (size_t i = 0; i + 1 < path.elements.size(); ++i) {
    const PathElement& e = path.elements[i];
    AttributeValue* next = nullptr;
    if (i == 0) {
      auto it = item.find(e.name);
      if (it != item.end()) next = &it->second;
    } else if (e.is_index) {
      if (at->type == ValueType::L && e.index < at->list.size()) next = &at->list[e.index];
    } else if (at->type == ValueType::M) {
      auto it = at->map.find(e.name);
      if (it != at->map.end()) next = &it->second;
    }
    if (!next) {
      if (for_write) invalid_path();
      return nullptr;
    }
    at = next;
  }
  return at;  // null: the path is top-level
}

void set_path(Item& item, const Path& path, AttributeValue value) {
  AttributeValue root;
  AttributeValue* parent = parent_of(item, path, root, true);
  const PathElement& last = path.elements.back();
  if (!parent) {
    item.insert_or_assign(last.name, std::move(value));
  } else if (last.is_index) {
    if (parent->type != ValueType::L) invalid_path();
    if (last.index < parent->list.size())
      parent->list[last.index] = std::move(value);
    else
      parent->list.push_back(std::move(value));
  } else {
    if (parent->type != ValueType::M) invalid_path();
    parent->map.insert_or_assign(last.name, std::move(value));
  }
}

void remove_path(Item& item, const Path& path) {
  AttributeValue root;
  AttributeValue* parent = parent_of(item, path, root, false);
  const PathElement& last = path.elements.back();
  if (path.elements.size() == 1) {
    item.erase(last.name);
  } else if (!parent) {
    return;
  } else if (last.is_index) {
    if (parent->type == ValueType::L && last.index < parent->list.size()) {
      parent->list.erase(parent->list.begin() + last.index);
    }
  } else if (parent->type == ValueType::M) {
    parent->map.erase(last.name);
  }
}

AttributeValue add_to(const AttributeValue* current, const AttributeValue& operand) {
  if (!current) return operand;
  if (operand.type == ValueType::N) {
    if (current->type != ValueType::N) incorrect_type();
    return AttributeValue::number(add_numbers(current->scalar, operand.scalar));
  }
  if (current->type != operand.type) incorrect_type();
  AttributeValue out = *current;
  for (const auto& member : operand.set) {
    if (std::find(out.set.begin(), out.set.end(), member) == out.set.end())
      out.set.push_back(member);
  }
  return out;
}

}  // namespace

Item apply_update(const std::vector<UpdateAction>& actions, const Item& item, AttributeRefs& refs) {
  // Every operand reads the item as it was before the update.
  std::vector<AttributeValue> values(actions.size());
  for (size_t i = 0; i < actions.size(); ++i) {
    const UpdateAction& a = actions[i];
    if (a.kind == UpdateAction::Kind::Set)
      values[i] = evaluate_operand(a.value, item, refs);
    else if (a.kind != UpdateAction::Kind::Remove)
      values[i] = refs.value(a.value.value_name);
  }
  Item out = item;
  // REMOVE of list elements uses the original indexes: apply removals from the highest down.
  std::vector<size_t> removals;
  for (size_t i = 0; i < actions.size(); ++i) {
    const UpdateAction& a = actions[i];
    switch (a.kind) {
      case UpdateAction::Kind::Set:
        set_path(out, a.path, std::move(values[i]));
        break;
      case UpdateAction::Kind::Remove:
        removals.push_back(i);
        break;
      case UpdateAction::Kind::Add:
        set_path(out, a.path, add_to(find_path(item, a.path), values[i]));
        break;
      case UpdateAction::Kind::Delete: {
        const AttributeValue* current = find_path(item, a.path);
        if (!current) break;
        if (current->type != values[i].type) incorrect_type();
        AttributeValue remaining = *current;
        std::erase_if(remaining.set, [&](const std::string& member) {
          return std::find(values[i].set.begin(), values[i].set.end(), member) !=
                 values[i].set.end();
        });
        if (remaining.set.empty())
          remove_path(out, a.path);
        else
          set_path(out, a.path, std::move(remaining));
        break;
      }
    }
  }
  auto order = [&](size_t i) {
    const PathElement& last = actions[i].path.elements.back();
    return last.is_index ? static_cast<int64_t>(last.index) + 1 : 0;
  };
  std::stable_sort(removals.begin(), removals.end(),
                   [&](size_t x, size_t y) { return order(x) > order(y); });
  for (size_t i : removals) remove_path(out, actions[i].path);
  return out;
}

bool creates_missing_item(const std::vector<UpdateAction>& actions) {
  return actions.empty() || std::any_of(actions.begin(), actions.end(), [](const UpdateAction& a) {
           return a.kind == UpdateAction::Kind::Set || a.kind == UpdateAction::Kind::Add;
         });
}

}  // namespace ddb::expr
