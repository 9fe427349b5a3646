#include <gtest/gtest.h>

#include <chrono>

#include "ddb/storage/engine.h"

namespace ddb {
namespace {

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class IdempotencyRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.in_memory = true;
    engine_ = Engine::open(options);
  }
  // A transaction of no items that records its result under `token`.
  void record(const std::string& token) {
    size_t conflict = 0;
    auto write = engine_->begin_transaction({}, &conflict);
    ASSERT_TRUE(write);
    write->stage_idempotent(token, 42, "{}");
    write->commit();
  }
  // Whether the record is still stored, whatever its age.
  bool stored(const std::string& token) {
    return engine_->find_idempotent(token, int64_t{1} << 40).has_value();
  }
  std::unique_ptr<Engine> engine_;
};

TEST_F(IdempotencyRecordsTest, RecordsPastTheirWindowAreDeletedAndOthersKept) {
  record("a");
  record("b");
  engine_->drop_expired_idempotency_records(now_seconds() + 60);
  EXPECT_TRUE(stored("a"));
  EXPECT_TRUE(stored("b"));
  auto result = engine_->find_idempotent("a", Engine::kIdempotencyWindowSeconds);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->request_hash, 42u);
  EXPECT_EQ(result->response, "{}");

  engine_->drop_expired_idempotency_records(now_seconds() + Engine::kIdempotencyWindowSeconds + 5);
  EXPECT_FALSE(stored("a"));
  EXPECT_FALSE(stored("b"));
}

TEST_F(IdempotencyRecordsTest, ATokenInUseKeepsItsRecordUntilTheNextPass) {
  record("busy");
  record("idle");
  auto busy = engine_->claim_token("busy");
  ASSERT_TRUE(busy);
  int64_t later = now_seconds() + Engine::kIdempotencyWindowSeconds + 5;
  engine_->drop_expired_idempotency_records(later);
  EXPECT_TRUE(stored("busy"));
  EXPECT_FALSE(stored("idle"));
  busy.reset();
  engine_->drop_expired_idempotency_records(later);
  EXPECT_FALSE(stored("busy"));
  // The pass claims nothing for good: the token can be claimed again.
  EXPECT_TRUE(engine_->claim_token("busy"));
}

}  // namespace
}  // namespace ddb
