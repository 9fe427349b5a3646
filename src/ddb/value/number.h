// Number: a DynamoDB Number held exactly — sign, up to 38 significant decimal digits and a
// decimal exponent; never a double. Magnitudes run from 1E-130 to 9.99..E+125.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace ddb {

class Number {
 public:
  Number() = default;  // zero

  // Parses DynamoDB's number text ("-12.50", "1e3", "0.0001"). On failure returns nullopt and
  // sets *error to DynamoDB's validation message.
  static std::optional<Number> parse(std::string_view text, std::string* error);

  // Canonical text as DynamoDB returns it: plain notation, no exponent, no trailing zeros.
  std::string to_string() const;

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }
  // Significant digits, no leading or trailing zeros ("" for zero).
  const std::string& digits() const { return digits_; }
  // The value is 0.<digits> x 10^point_exponent (for zero, 0).
  int point_exponent() const { return point_exponent_; }

  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

 private:
  bool negative_ = false;
  std::string digits_;
  int point_exponent_ = 0;
};

}  // namespace ddb
