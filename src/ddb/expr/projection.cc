#include "ddb/expr/projection.h"

#include <map>

namespace ddb::expr {

namespace {

// A tree of the requested paths, merged so that a[1] and a[3] both land in one list.
struct Selection {
  bool whole = false;
  std::map<std::string, Selection> members;
  std::map<uint32_t, Selection> elements;
};

void add_path(Selection& root, const Path& path) {
  Selection* at = &root;
  for (const auto& e : path.elements) {
    if (at->whole) return;
    at = e.is_index ? &at->elements[e.index] : &at->members[e.name];
  }
  at->whole = true;
  at->members.clear();
  at->elements.clear();
}

bool select(const AttributeValue& value, const Selection& selection, AttributeValue* out) {
  if (selection.whole) {
    *out = value;
    return true;
  }
  if (value.type == ValueType::M && !selection.members.empty()) {
    out->type = ValueType::M;
    for (const auto& [name, sub] : selection.members) {
      auto it = value.map.find(name);
      if (it == value.map.end()) continue;
      AttributeValue picked;
      if (select(it->second, sub, &picked)) out->map.emplace(name, std::move(picked));
    }
    return !out->map.empty();
  }
  if (value.type == ValueType::L && !selection.elements.empty()) {
    out->type = ValueType::L;
    for (const auto& [index, sub] : selection.elements) {
      if (index >= value.list.size()) continue;
      AttributeValue picked;
      if (select(value.list[index], sub, &picked)) out->list.push_back(std::move(picked));
    }
    return !out->list.empty();
  }
  return false;
}

}  // namespace

Item project(const Item& item, const std::vector<Path>& paths) {
  Selection root;
  for (const auto& path : paths) add_path(root, path);
  Item out;
  for (const auto& [name, sub] : root.members) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    AttributeValue picked;
    if (select(it->second, sub, &picked)) out.emplace(name, std::move(picked));
  }
  return out;
}

}  // namespace ddb::expr
