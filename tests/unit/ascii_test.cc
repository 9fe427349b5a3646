#include "common/ascii.h"

#include <gtest/gtest.h>

namespace common {
namespace {

TEST(AsciiTest, CaseIsFoldedForAsciiLettersOnly) {
  EXPECT_TRUE(iequals("Content-Encoding", "content-ENCODING"));
  EXPECT_FALSE(iequals("gzip", "gzip "));
  EXPECT_FALSE(iequals("\xc3\x89", "\xc3\xa9"));  // É and é: not ASCII, so not folded
  EXPECT_EQ(ascii_lower("X-Amz-Date 1\xc3\x89"), "x-amz-date 1\xc3\x89");
}

}  // namespace
}  // namespace common
