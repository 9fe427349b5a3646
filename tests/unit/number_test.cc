#include "ddb/value/number.h"

#include <gtest/gtest.h>

namespace ddb {
namespace {

std::string canonical(const std::string& text) {
  std::string error;
  auto n = Number::parse(text, &error);
  return n ? n->to_string() : "error: " + error;
}

TEST(NumberTest, CanonicalFormDropsInsignificantZerosAndExponents) {
  EXPECT_EQ(canonical("1.50"), "1.5");
  EXPECT_EQ(canonical("0001"), "1");
  EXPECT_EQ(canonical("1e3"), "1000");
  EXPECT_EQ(canonical("-1.25E-2"), "-0.0125");
  EXPECT_EQ(canonical("-0"), "0");
  EXPECT_EQ(canonical("0.000"), "0");
  EXPECT_EQ(canonical("+7"), "7");
  EXPECT_EQ(canonical(".5"), "0.5");
}

TEST(NumberTest, ThirtyEightDigitsAreExact) {
  EXPECT_EQ(canonical("12345678901234567890123456789012345678"),
            "12345678901234567890123456789012345678");
  EXPECT_EQ(canonical("0.12345678901234567890123456789012345678"),
            "0.12345678901234567890123456789012345678");
}

TEST(NumberTest, ThirtyNineSignificantDigitsAreRejected) {
  EXPECT_EQ(canonical("123456789012345678901234567890123456789"),
            "error: Attempting to store more than 38 significant digits in a Number");
  // Trailing zeros are not significant.
  EXPECT_EQ(canonical("1234567890123456789012345678901234567800"),
            "1234567890123456789012345678901234567800");
}

TEST(NumberTest, RangeLimits) {
  EXPECT_EQ(canonical("9.9999999999999999999999999999999999999E+125").size(), 126u);
  EXPECT_EQ(canonical("1E+126"),
            "error: Number overflow. Attempting to store a number with magnitude larger than "
            "supported range");
  EXPECT_EQ(canonical("1E-130").size(), 132u);
  EXPECT_EQ(canonical("1E-131"),
            "error: Number underflow. Attempting to store a number with magnitude smaller than "
            "supported range");
}

// Exponents are read in full (DynamoDB, eu-west-2, October 2026): past 32 bits they are out of
// range, past 64 the number cannot be converted; zero is checked by the exponent it is written
// with.
TEST(NumberTest, ExponentsAreReadInFullAndZeroIsRangeChecked) {
  const std::string overflow =
      "error: Number overflow. Attempting to store a number with magnitude larger than supported "
      "range";
  const std::string underflow =
      "error: Number underflow. Attempting to store a number with magnitude smaller than "
      "supported range";
  EXPECT_EQ(canonical("1e2147483648"), overflow);
  EXPECT_EQ(canonical("1e99999999999"), overflow);
  EXPECT_EQ(canonical("1e-99999999999"), underflow);
  EXPECT_EQ(canonical("1e9223372036854775807"), overflow);
  EXPECT_EQ(canonical("1e9223372036854775808")
                .rfind("error: The parameter cannot be converted to a numeric value", 0),
            0u);
  EXPECT_EQ(canonical("0e125"), "0");
  EXPECT_EQ(canonical("0e-130"), "0");
  EXPECT_EQ(canonical("0e126"), overflow);
  EXPECT_EQ(canonical("-0e-131"), underflow);
}

TEST(NumberTest, InvalidTextIsRejected) {
  for (const char* text : {"", "abc", "1.2.3", "1e", "--1", "1 ", "0x10", "e5"}) {
    EXPECT_EQ(
        canonical(text).rfind("error: The parameter cannot be converted to a numeric value", 0), 0u)
        << text;
  }
}

TEST(NumberTest, OrdersNumerically) {
  std::string e;
  auto n = [&](const char* t) { return *Number::parse(t, &e); };
  EXPECT_LT(n("-100"), n("-5"));
  EXPECT_LT(n("-5"), n("0"));
  EXPECT_LT(n("0"), n("0.001"));
  EXPECT_LT(n("0.12"), n("0.123"));
  EXPECT_LT(n("9"), n("10"));
  EXPECT_EQ(n("1.0"), n("1"));
}

}  // namespace
}  // namespace ddb
