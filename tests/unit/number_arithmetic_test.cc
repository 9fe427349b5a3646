#include "ddb/value/number_arithmetic.h"

#include <gtest/gtest.h>

#include "ddb/error.h"

namespace ddb {
namespace {

std::string error_of(std::string_view a, std::string_view b) {
  try {
    add_numbers(a, b);
  } catch (const ApiError& e) {
    return e.message();
  }
  return "no error";
}

TEST(NumberArithmeticTest, AddsAndSubtractsExactly) {
  EXPECT_EQ(add_numbers("0.1", "0.2"), "0.3");
  EXPECT_EQ(add_numbers("-5", "3"), "-2");
  EXPECT_EQ(add_numbers("5", "-5"), "0");
  EXPECT_EQ(subtract_numbers("1", "0.0001"), "0.9999");
  EXPECT_EQ(subtract_numbers("-1", "-1"), "0");
  EXPECT_EQ(add_numbers("99999999999999999999999999999999999999", "1"),
            "100000000000000000000000000000000000000");
  EXPECT_EQ(add_numbers("1E+125", "1E+125"), "2" + std::string(125, '0'));
}

TEST(NumberArithmeticTest, PrecisionAndRangeAreChecked) {
  EXPECT_EQ(error_of("1E+20", "1E-20"),
            "Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(error_of("9.9E+125", "9.9E+125"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
}

}  // namespace
}  // namespace ddb
