#include "ddb/value/number.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace ddb {

namespace {
constexpr int kMaxDigits = 38;
// Scientific exponent bounds: 1E-130 .. 9.99E+125.
constexpr int kMaxScientificExponent = 125;
constexpr int kMinScientificExponent = -130;
}  // namespace

std::optional<Number> Number::parse(std::string_view text, std::string* error) {
  auto invalid = [&]() -> std::optional<Number> {
    *error = "The parameter cannot be converted to a numeric value: " + std::string(text);
    return std::nullopt;
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  int point_exponent = 0;  // digits seen before the decimal point, after leading zeros
  long long fraction_digits = 0;
  bool seen_digit = false, seen_point = false, leading = true;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) return invalid();
      seen_point = true;
    } else if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (seen_point) ++fraction_digits;
      if (leading && c == '0') {
        if (seen_point) --point_exponent;
        continue;
      }
      leading = false;
      digits.push_back(c);
      if (!seen_point) ++point_exponent;
    } else {
      break;
    }
  }
  if (!seen_digit) return invalid();
  long long exponent = 0;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return invalid();
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    if (i == text.size()) return invalid();
    // The exponent is read in full, as a 64-bit integer: past one the number cannot be
    // converted at all; within one it is range-checked below (an exponent past 32 bits is an
    // overflow or underflow, not wrapped). DynamoDB, eu-west-2, October 2026
    // (paritysuite/dynamodb-conformance, limits/numberExponent.test.ts).
    uint64_t limit = exponent_negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    uint64_t full = 0;
    for (; i < text.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return invalid();
      unsigned digit = static_cast<unsigned>(text[i] - '0');
      if (full > (limit - digit) / 10) return invalid();
      full = full * 10 + digit;
    }
    // Far past the range either way, so clamped where the arithmetic below cannot overflow.
    exponent = static_cast<long long>(std::min<uint64_t>(full, 1000000));
    if (exponent_negative) exponent = -exponent;
  }
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  Number n;
  // Zero is range-checked by the exponent it is written with ("0e126" overflows, "0e-131"
  // underflows; same source), and stored as 0. Less its fraction digits, as the adjusted exponent
  // of a Java BigDecimal zero is (so "0.0e126" passes): an inference, not a capture.
  long long scientific =
      digits.empty() ? exponent - fraction_digits : point_exponent + exponent - 1;
  if (digits.size() > kMaxDigits) {
    *error = "Attempting to store more than 38 significant digits in a Number";
    return std::nullopt;
  }
  if (scientific > kMaxScientificExponent) {
    *error =
        "Number overflow. Attempting to store a number with magnitude larger than supported range";
    return std::nullopt;
  }
  if (scientific < kMinScientificExponent) {
    *error =
        "Number underflow. Attempting to store a number with magnitude smaller than supported "
        "range";
    return std::nullopt;
  }
  if (digits.empty()) return n;
  n.negative_ = negative;
  n.digits_ = std::move(digits);
  n.point_exponent_ = static_cast<int>(scientific + 1);
  return n;
}

std::string Number::to_string() const {
  if (digits_.empty()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  int whole = point_exponent_;
  int count = static_cast<int>(digits_.size());
  if (whole <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-whole), '0');
    out += digits_;
  } else if (whole >= count) {
    out += digits_;
    out.append(static_cast<size_t>(whole - count), '0');
  } else {
    out.append(digits_, 0, static_cast<size_t>(whole));
    out.push_back('.');
    out.append(digits_, static_cast<size_t>(whole));
  }
  return out;
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  auto sign = [](const Number& n) { return n.is_zero() ? 0 : (n.negative_ ? -1 : 1); };
  int a = sign(*this), b = sign(other);
  if (a != b) return a <=> b;
  if (a == 0) return std::strong_ordering::equal;
  std::strong_ordering magnitude = point_exponent_ <=> other.point_exponent_;
  if (magnitude == 0) magnitude = digits_.compare(other.digits_) <=> 0;
  if (a < 0) return 0 <=> magnitude;
  return magnitude;
}

}  // namespace ddb
