#include <gtest/gtest.h>

#include "cruddur/model/keys.h"

namespace cruddur {
namespace {

TEST(CruddurKeysTest, TimestampsAreFixedWidthUtcAndSortAsText) {
  using namespace std::chrono;
  system_clock::time_point t{microseconds(1764108686123456)};  // 2025-11-25T22:11:26.123456Z
  EXPECT_EQ(utc_timestamp(t), "2025-11-25T22:11:26.123456+00:00");
  EXPECT_EQ(utc_timestamp(system_clock::time_point{seconds(1764108686)}),
            "2025-11-25T22:11:26.000000+00:00");
  EXPECT_LT(utc_timestamp(t), utc_timestamp(t + microseconds(1)));
}

TEST(CruddurKeysTest, RowKeys) {
  EXPECT_EQ(message_pk("g"), "MSG#g");
  EXPECT_EQ(inbox_pk("u"), "GRP#u");
  EXPECT_EQ(pair_pk("b", "a"), pair_pk("a", "b"));
  EXPECT_EQ(pair_pk("a", "b"), "PAIR#a#b");
}

}  // namespace
}  // namespace cruddur
