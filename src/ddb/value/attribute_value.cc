#include "ddb/value/attribute_value.h"

#include <algorithm>

namespace ddb {

std::string_view type_name(ValueType type) {
  switch (type) {
    case ValueType::S:
      return "S";
    case ValueType::N:
      return "N";
    case ValueType::B:
      return "B";
    case ValueType::BOOL:
      return "BOOL";
    case ValueType::NUL:
      return "NULL";
    case ValueType::M:
      return "M";
    case ValueType::L:
      return "L";
    case ValueType::SS:
      return "SS";
    case ValueType::NS:
      return "NS";
    case ValueType::BS:
      return "BS";
  }
  return "";
}

AttributeValue AttributeValue::string(std::string s) {
  AttributeValue v;
  v.type = ValueType::S;
  v.scalar = std::move(s);
  return v;
}

AttributeValue AttributeValue::number(std::string canonical) {
  AttributeValue v;
  v.type = ValueType::N;
  v.scalar = std::move(canonical);
  return v;
}

AttributeValue AttributeValue::binary(std::string bytes) {
  AttributeValue v;
  v.type = ValueType::B;
  v.scalar = std::move(bytes);
  return v;
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case ValueType::S:
    case ValueType::N:  // canonical text: equal text is equal value
    case ValueType::B:
      return a.scalar == b.scalar;
    case ValueType::BOOL:
      return a.boolean == b.boolean;
    case ValueType::NUL:
      return true;
    case ValueType::L:
      return a.list == b.list;
    case ValueType::M:
      return a.map == b.map;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS: {
      if (a.set.size() != b.set.size()) return false;
      std::vector<std::string> x = a.set, y = b.set;
      std::sort(x.begin(), x.end());
      std::sort(y.begin(), y.end());
      return x == y;
    }
  }
  return false;
}

size_t number_size(std::string_view canonical) {
  // Significant digits of the canonical text: no sign, point, leading or trailing zeros.
  size_t first = canonical.find_first_not_of("-0.");
  if (first == std::string_view::npos) return 1;
  size_t last = canonical.find_last_not_of("0.");
  size_t digits = 0;
  for (size_t i = first; i <= last; ++i) digits += canonical[i] != '.';
  return (digits + 1) / 2 + 1;
}

size_t value_size(const AttributeValue& v) {
  switch (v.type) {
    case ValueType::S:
    case ValueType::B:
      return v.scalar.size();
    case ValueType::N:
      return number_size(v.scalar);
    case ValueType::BOOL:
    case ValueType::NUL:
      return 1;
    case ValueType::SS:
    case ValueType::BS: {
      size_t total = 0;
      for (const auto& s : v.set) total += s.size();
      return total;
    }
    case ValueType::NS: {
      size_t total = 0;
      for (const auto& s : v.set) total += number_size(s);
      return total;
    }
    case ValueType::L: {
      size_t total = 3;
      for (const auto& e : v.list) total += 1 + value_size(e);
      return total;
    }
    case ValueType::M: {
      size_t total = 3;
      for (const auto& [name, e] : v.map) total += 1 + name.size() + value_size(e);
      return total;
    }
  }
  return 0;
}

size_t item_size(const Item& item) {
  size_t total = 0;
  for (const auto& [name, v] : item) total += name.size() + value_size(v);
  return total;
}

}  // namespace ddb
