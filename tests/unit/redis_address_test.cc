// RedisAddress::parse: the --cache redis://HOST[:PORT][/DB] forms, and what is refused.
#include <gtest/gtest.h>

#include <stdexcept>

#include "cruddur/cache/redis_client.h"

namespace {

using cruddur::RedisAddress;

TEST(RedisAddress, TakesHostPortAndDatabase) {
  RedisAddress a = RedisAddress::parse("redis://cache.internal");
  EXPECT_EQ(a.host, "cache.internal");
  EXPECT_EQ(a.port, 6379);
  EXPECT_EQ(a.db, 0);
  RedisAddress b = RedisAddress::parse("redis://127.0.0.1:6380/2");
  EXPECT_EQ(b.host, "127.0.0.1");
  EXPECT_EQ(b.port, 6380);
  EXPECT_EQ(b.db, 2);
  EXPECT_EQ(RedisAddress::parse("redis://h/").db, 0);
}

TEST(RedisAddress, RefusesOtherForms) {
  for (const char* url : {"http://h:6379", "redis://", "redis://:6379", "redis://h:0",
                          "redis://h:70000", "redis://h:port", "redis://h/db", "h:6379"}) {
    EXPECT_THROW(RedisAddress::parse(url), std::invalid_argument) << url;
  }
}

}  // namespace
