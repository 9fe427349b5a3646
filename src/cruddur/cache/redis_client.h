// RedisClient: commands to one Redis server (or Valkey, or ElastiCache) from any thread, over a
// small pool of hiredis connections, for what sits in front of the truth: a cache and an event
// relay. Every command has a short timeout, and a failure is reported (nullopt), never thrown;
// after one, the server is left alone for a second before it is tried again, so an outage costs
// the callers a flag check, not a timeout each.
//
// Thread-safe. Connections are made when first needed, so a server that is down at start is
// picked up when it comes up.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct redisContext;

namespace cruddur {

struct RedisReply {
  bool nil = false;  // a missing key
  std::string text;  // a string or status reply
  long long integer = 0;
  std::vector<RedisReply> elements;  // an array reply
};

// Where a Redis server is: redis://HOST[:PORT][/DB].
struct RedisAddress {
  std::string host;
  int port = 6379;
  int db = 0;
  // Throws std::invalid_argument, naming the problem, for anything else.
  static RedisAddress parse(const std::string& url);
};

class RedisClient {
 public:
  explicit RedisClient(RedisAddress address,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(250));
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Runs one command, its arguments binary-safe. nullopt when the server cannot be reached, or
  // answers an error.
  std::optional<RedisReply> command(const std::vector<std::string_view>& args);
  // Runs the commands pipelined (one round trip); nullopt if any fails.
  std::optional<std::vector<RedisReply>> pipeline(
      const std::vector<std::vector<std::string_view>>& commands);

  // Follows `channel` until `stop` is set (checked at least every 250 ms), calling `on_message`
  // with each message published to it; reconnects after a failure, every second. Blocks: run it
  // on a thread of its own. A message published while the connection is down is missed.
  void subscribe(const std::string& channel,
                 const std::function<void(std::string_view)>& on_message,
                 const std::atomic<bool>& stop);

  // Whether the last command reached the server.
  bool reachable() const { return !down_; }
  // How many times a command has failed to reach the server so far.
  uint64_t failures() const { return failures_; }

 private:
  struct Connection;
  // A pooled connection, or a new one; null while the server is taken for down.
  std::unique_ptr<Connection> acquire();
  void release(std::unique_ptr<Connection> connection);
  redisContext* connect();  // a new, selected connection, or null
  void mark_down();

  RedisAddress address_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::atomic<bool> down_{false};
  std::atomic<uint64_t> failures_{0};
  std::atomic<int64_t> retry_at_ms_{
      0};  // steady-clock time before which a down server is left alone
};

}  // namespace cruddur
