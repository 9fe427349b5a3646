#include <gtest/gtest.h>

#include "cruddur/stream/stream_follower.h"

namespace cruddur {
namespace {

using std::chrono::milliseconds;

TEST(PollPacingTest, PausesDoubleFromBusyToIdleAfterRecordsArrive) {
  PollPacing pacing;  // 1 ms .. 100 ms
  std::vector<int64_t> pauses;
  for (int empty = 0; empty < 10; ++empty) pauses.push_back(pacing.pause(empty).count());
  EXPECT_EQ(pauses, (std::vector<int64_t>{1, 2, 4, 8, 16, 32, 64, 100, 100, 100}));
  EXPECT_EQ(pacing.pause(31), milliseconds(100));
  EXPECT_EQ(pacing.pause(1000), milliseconds(100));
}

TEST(PollPacingTest, AnEvenPaceWhenBusyEqualsIdle) {
  PollPacing aws{milliseconds(250), milliseconds(250)};
  for (int empty : {0, 1, 2, 31}) EXPECT_EQ(aws.pause(empty), milliseconds(250)) << empty;
}

}  // namespace
}  // namespace cruddur
