// AttributeValue: one DynamoDB value of any of the ten types, and Item, a map of them.
// Numbers are kept in canonical text (see Number); binaries as raw bytes (not base64).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ddb {

enum class ValueType : uint8_t { S, N, B, BOOL, NUL, M, L, SS, NS, BS };

// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
std::string_view type_name(ValueType type);

struct AttributeValue;
using Item = std::map<std::string, AttributeValue, std::less<>>;

struct AttributeValue {
  ValueType type = ValueType::NUL;
  bool boolean = false;              // BOOL; NULL is always true
  std::string scalar;                // S, N (canonical), B (raw bytes)
  std::vector<std::string> set;      // SS, NS (canonical), BS (raw bytes); no duplicates
  std::vector<AttributeValue> list;  // L
  Item map;                          // M

  static AttributeValue string(std::string s);
  static AttributeValue number(std::string canonical);
  static AttributeValue binary(std::string bytes);
};

// DynamoDB equality: same type and same value; sets compare as sets, numbers numerically.
bool operator==(const AttributeValue& a, const AttributeValue& b);

// Size by DynamoDB's rule (UTF-8 bytes of names and strings, numbers by significant digits,
// 3 bytes for a list or map plus 1 per element).
size_t value_size(const AttributeValue& value);
// The size of a Number from its canonical text.
size_t number_size(std::string_view canonical);
size_t item_size(const Item& item);

}  // namespace ddb
