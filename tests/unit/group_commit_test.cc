// The engine's group commit (engine.h): on a thread that holds its commits a write waits in the
// log buffer until commit(); on any other thread it reaches the log before it returns.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <thread>

#include "ddb/server/dispatch.h"
#include "ddb/storage/engine.h"
#include "net/http_types.h"

namespace ddb {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("group-commit-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    EngineOptions options;
    options.path = directory_.string();
    engine_ = Engine::open(options);
    ASSERT_EQ(call("CreateTable", R"({"TableName":"chat",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
        "BillingMode":"PAY_PER_REQUEST"})"),
              200);
  }
  void TearDown() override {
    engine_.reset();
    std::filesystem::remove_all(directory_);
  }

  int call(const std::string& operation, const std::string& body) {
    std::string target = "DynamoDB_20120810." + operation;
    net::HttpRequestView request;
    request.method = "POST";
    request.path = "/";
    request.body = body;
    request.wanted[0] = target;
    return dispatch(*engine_, request).status;
  }

  int put(const std::string& pk) {
    return call("PutItem", R"({"TableName":"chat","Item":{"pk":{"S":")" + pk +
                               R"("},"payload":{"S":"0123456789"}}})");
  }

  // The bytes written to the write-ahead log files so far.
  uintmax_t log_bytes() const {
    uintmax_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
      if (entry.path().extension() == ".log") total += entry.file_size();
    }
    return total;
  }

  std::filesystem::path directory_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(GroupCommitTest, AWriteOnAThreadThatDoesNotHoldCommitsIsInTheLogWhenItReturns) {
  uintmax_t before = log_bytes();
  ASSERT_EQ(put("a"), 200);
  EXPECT_GT(log_bytes(), before);
  EXPECT_FALSE(engine_->commit_pending());
}

TEST_F(GroupCommitTest, HeldWritesReachTheLogTogetherAtTheCommit) {
  std::thread held([&] {
    Engine::hold_commits_on_this_thread();
    uintmax_t before = log_bytes();
    ASSERT_EQ(put("a"), 200);
    ASSERT_EQ(put("b"), 200);
    EXPECT_EQ(log_bytes(), before);  // both still in the buffer
    EXPECT_TRUE(engine_->commit_pending());
    engine_->commit();
    EXPECT_FALSE(engine_->commit_pending());
    EXPECT_GT(log_bytes(), before);
    uintmax_t committed = log_bytes();
    engine_->commit();  // nothing more to write
    EXPECT_EQ(log_bytes(), committed);
  });
  held.join();
}

TEST_F(GroupCommitTest, ACommitOnAnyThreadWritesWhatAnotherThreadHolds) {
  uintmax_t before = 0;
  std::thread held([&] {
    Engine::hold_commits_on_this_thread();
    before = log_bytes();
    ASSERT_EQ(put("a"), 200);
  });
  held.join();
  EXPECT_EQ(log_bytes(), before);
  engine_->commit();
  EXPECT_GT(log_bytes(), before);
}

}  // namespace
}  // namespace ddb
