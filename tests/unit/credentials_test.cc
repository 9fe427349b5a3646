#include "aws/credentials.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace aws {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                             "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"}) {
      unsetenv(name);
    }
    dir_ =
        std::filesystem::temp_directory_path() / ("credentials-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "credentials")
        << "[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = d\n"
        << "[ops]\naws_access_key_id=OPSKEY\naws_secret_access_key=o\naws_session_token=t\n";
    std::ofstream(dir_ / "config")
        << "[default]\nregion = eu-west-1\n[profile ops]\nregion=ap-south-1\n";
    setenv("AWS_SHARED_CREDENTIALS_FILE", (dir_ / "credentials").c_str(), 1);
    setenv("AWS_CONFIG_FILE", (dir_ / "config").c_str(), 1);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(CredentialsTest, EnvironmentComesFirst) {
  setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "e", 1);
  setenv("AWS_REGION", "us-west-2", 1);
  EXPECT_EQ(resolve_credentials()->access_key, "ENVKEY");
  EXPECT_EQ(resolve_region(), "us-west-2");
}

TEST_F(CredentialsTest, ProfilesOfTheSharedFiles) {
  EXPECT_EQ(resolve_credentials()->access_key, "DEFAULTKEY");
  EXPECT_EQ(resolve_region(), "eu-west-1");
  setenv("AWS_PROFILE", "ops", 1);
  auto ops = resolve_credentials();
  EXPECT_EQ(ops->access_key, "OPSKEY");
  EXPECT_EQ(ops->session_token, "t");
  EXPECT_EQ(resolve_region(), "ap-south-1");
  setenv("AWS_PROFILE", "missing", 1);
  EXPECT_FALSE(resolve_credentials().has_value());
  EXPECT_EQ(resolve_region(), "us-east-1");
}

}  // namespace
}  // namespace aws
