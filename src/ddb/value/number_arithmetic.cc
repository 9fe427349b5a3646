#include "ddb/value/number_arithmetic.h"

#include <algorithm>

#include "ddb/error.h"
#include "ddb/value/number.h"

namespace ddb {

namespace {

Number parse_or_throw(std::string_view text) {
  std::string error;
  auto n = Number::parse(text, &error);
  if (!n) throw ApiError::validation(error);
  return *n;
}

// Digits of |n| as an integer scaled by 10^exponent: |n| = digits x 10^exponent.
struct Scaled {
  std::string digits;
  long exponent;
};

Scaled scaled(const Number& n) {
  return {n.digits(), static_cast<long>(n.point_exponent()) - static_cast<long>(n.digits().size())};
}

int compare_magnitudes(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

std::string add_magnitudes(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int d = carry;
    if (i < a.size()) d += a[a.size() - 1 - i] - '0';
    if (i < b.size()) d += b[b.size() - 1 - i] - '0';
    out.push_back(static_cast<char>('0' + d % 10));
    carry = d / 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// a - b for a >= b.
std::string subtract_magnitudes(const std::string& a, const std::string& b) {
  std::string out;
  int borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int d = (a[a.size() - 1 - i] - '0') - borrow;
    if (i < b.size()) d -= b[b.size() - 1 - i] - '0';
    borrow = d < 0;
    out.push_back(static_cast<char>('0' + (d + 10) % 10));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string sum(const Number& x, const Number& y) {
  if (x.is_zero()) return y.to_string();
  if (y.is_zero()) return x.to_string();
  Scaled a = scaled(x), b = scaled(y);
  long exponent = std::min(a.exponent, b.exponent);
  a.digits.append(static_cast<size_t>(a.exponent - exponent), '0');
  b.digits.append(static_cast<size_t>(b.exponent - exponent), '0');
  std::string magnitude;
  bool negative;
  if (x.negative() == y.negative()) {
    magnitude = add_magnitudes(a.digits, b.digits);
    negative = x.negative();
  } else if (compare_magnitudes(a.digits, b.digits) >= 0) {
    magnitude = subtract_magnitudes(a.digits, b.digits);
    negative = x.negative();
  } else {
    magnitude = subtract_magnitudes(b.digits, a.digits);
    negative = y.negative();
  }
  std::string text = (negative ? "-" : "") + magnitude + "E" + std::to_string(exponent);
  return parse_or_throw(text).to_string();
}

}  // namespace

std::string add_numbers(std::string_view a, std::string_view b) {
  return sum(parse_or_throw(a), parse_or_throw(b));
}

std::string subtract_numbers(std::string_view a, std::string_view b) {
  Number y = parse_or_throw(b);
  std::string negated =
      y.is_zero() ? "0" : (y.negative() ? y.to_string().substr(1) : "-" + y.to_string());
  return sum(parse_or_throw(a), parse_or_throw(negated));
}

}  // namespace ddb
