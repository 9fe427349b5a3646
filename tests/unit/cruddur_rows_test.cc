#include <gtest/gtest.h>

#include "cruddur/model/rows.h"
#include "cruddur/model/timestamps.h"

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

TEST(CruddurRowsTest, InboxRowNamesTheOtherMemberAndMessageRowTheSender) {
  User me{"u-me", "Me", "me", "", ""}, you{"u-you", "You", "you", "", ""};
  Attributes inbox = inbox_row(me, you, "g", "t", "hi", "you");
  EXPECT_EQ(inbox, (Attributes{{"pk", "GRP#u-me"},
                               {"sk", "t"},
                               {"message_group_uuid", "g"},
                               {"message", "hi"},
                               {"user_uuid", "u-you"},
                               {"user_display_name", "You"},
                               {"user_handle", "you"},
                               {"last_sender_handle", "you"}}));
  Attributes message = message_row("g", "t", "m", me, "hi");
  EXPECT_EQ(message, (Attributes{{"pk", "MSG#g"},
                                 {"sk", "t"},
                                 {"message_uuid", "m"},
                                 {"message", "hi"},
                                 {"user_uuid", "u-me"},
                                 {"user_display_name", "Me"},
                                 {"user_handle", "me"}}));
  EXPECT_EQ(pair_marker_row("u-you", "u-me", "g"),
            (Attributes{{"pk", "PAIR#u-me#u-you"}, {"sk", "PAIR"}, {"group_uuid", "g"}}));
}

}  // namespace
}  // namespace cruddur
