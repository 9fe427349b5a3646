#include "cruddur/cache/redis_client.h"

#include <hiredis/hiredis.h>
#include <poll.h>

#include <stdexcept>
#include <thread>

namespace cruddur {

namespace {

constexpr size_t kMaxIdle = 16;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

timeval to_timeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000),
                 static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

// The reply as a value; false for an error reply (anywhere in it).
bool convert(const redisReply* reply, RedisReply& out) {
  switch (reply->type) {
    case REDIS_REPLY_ERROR:
      return false;
    case REDIS_REPLY_NIL:
      out.nil = true;
      return true;
    case REDIS_REPLY_INTEGER:
      out.integer = reply->integer;
      return true;
    case REDIS_REPLY_ARRAY:
      out.elements.resize(reply->elements);
      for (size_t i = 0; i < reply->elements; ++i) {
        if (!convert(reply->element[i], out.elements[i])) return false;
      }
      return true;
    default:  // string, status
      out.text.assign(reply->str, reply->len);
      return true;
  }
}

void append(redisContext* c, const std::vector<std::string_view>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (auto arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data());
}

}  // namespace

RedisAddress RedisAddress::parse(const std::string& url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.rfind(kScheme, 0) != 0) {
    throw std::invalid_argument("a Redis address is redis://HOST[:PORT][/DB], not '" + url + "'");
  }
  std::string rest = url.substr(kScheme.size());
  RedisAddress address;
  size_t slash = rest.find('/');
  if (slash != std::string::npos) {
    std::string db = rest.substr(slash + 1);
    rest.resize(slash);
    if (!db.empty()) {
      if (db.find_first_not_of("0123456789") != std::string::npos || db.size() > 4) {
        throw std::invalid_argument("the Redis database must be a number, not '" + db + "'");
      }
      address.db = std::stoi(db);
    }
  }
  size_t colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find(']') == std::string::npos) {
    std::string port = rest.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos ||
        port.size() > 5 || std::stoi(port) < 1 || std::stoi(port) > 65535) {
      throw std::invalid_argument("the Redis port must be 1 to 65535, not '" + port + "'");
    }
    address.port = std::stoi(port);
    rest.resize(colon);
  }
  if (rest.empty()) throw std::invalid_argument("a Redis address needs a host: '" + url + "'");
  address.host = rest;
  return address;
}

struct RedisClient::Connection {
  explicit Connection(redisContext* c) : context(c) {}
  ~Connection() { redisFree(context); }
  redisContext* context;
};

RedisClient::RedisClient(RedisAddress address, std::chrono::milliseconds timeout)
    : address_(std::move(address)), timeout_(timeout) {}

RedisClient::~RedisClient() = default;

redisContext* RedisClient::connect() {
  redisContext* c =
      redisConnectWithTimeout(address_.host.c_str(), address_.port, to_timeval(timeout_));
  if (!c || c->err) {
    if (c) redisFree(c);
    return nullptr;
  }
  redisSetTimeout(c, to_timeval(timeout_));
  if (address_.db != 0) {
    std::string db = std::to_string(address_.db);
    auto* reply = static_cast<redisReply*>(redisCommand(c, "SELECT %s", db.c_str()));
    bool ok = reply && reply->type != REDIS_REPLY_ERROR;
    if (reply) freeReplyObject(reply);
    if (!ok) {
      redisFree(c);
      return nullptr;
    }
  }
  return c;
}

void RedisClient::mark_down() {
  ++failures_;
  down_ = true;
  retry_at_ms_ = now_ms() + 1000;
  std::lock_guard lock(mutex_);
  idle_.clear();  // their state is unknown: start afresh
}

std::unique_ptr<RedisClient::Connection> RedisClient::acquire() {
  if (down_ && now_ms() < retry_at_ms_) return nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  redisContext* c = connect();
  if (!c) {
    mark_down();
    return nullptr;
  }
  return std::make_unique<Connection>(c);
}

void RedisClient::release(std::unique_ptr<Connection> connection) {
  down_ = false;
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(connection));
}

std::optional<RedisReply> RedisClient::command(const std::vector<std::string_view>& args) {
  auto replies = pipeline({args});
  if (!replies) return std::nullopt;
  return std::move(replies->front());
}

std::optional<std::vector<RedisReply>> RedisClient::pipeline(
    const std::vector<std::vector<std::string_view>>& commands) {
  auto connection = acquire();
  if (!connection) return std::nullopt;
  redisContext* c = connection->context;
  for (const auto& args : commands) append(c, args);
  std::vector<RedisReply> out(commands.size());
  bool all_ok = true;
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(c, &raw) != REDIS_OK || !raw) {
      mark_down();  // the connection is unusable; `connection` is dropped with it
      return std::nullopt;
    }
    all_ok = convert(static_cast<redisReply*>(raw), out[i]) && all_ok;
    freeReplyObject(raw);
  }
  release(std::move(connection));
  if (!all_ok) return std::nullopt;
  return out;
}

void RedisClient::subscribe(const std::string& channel,
                            const std::function<void(std::string_view)>& on_message,
                            const std::atomic<bool>& stop) {
  while (!stop) {
    redisContext* c = connect();
    if (!c) {
      for (int i = 0; i < 4 && !stop; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
      continue;
    }
    append(c, {"SUBSCRIBE", channel});
    int done = 0;
    while (!stop && redisBufferWrite(c, &done) == REDIS_OK && !done) {
    }
    while (!stop && !c->err) {
      void* raw = nullptr;
      if (redisGetReplyFromReader(c, &raw) != REDIS_OK) break;
      if (raw) {
        auto* reply = static_cast<redisReply*>(raw);
        // ["message", channel, payload]; the subscription's confirmation is skipped.
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 &&
            reply->element[0]->type == REDIS_REPLY_STRING &&
            std::string_view(reply->element[0]->str, reply->element[0]->len) == "message" &&
            reply->element[2]->type == REDIS_REPLY_STRING) {
          on_message(std::string_view(reply->element[2]->str, reply->element[2]->len));
        }
        freeReplyObject(raw);
        continue;
      }
      pollfd waiting{c->fd, POLLIN, 0};
      int ready = ::poll(&waiting, 1, 250);
      if (ready < 0) break;
      if (ready == 0) continue;
      if (redisBufferRead(c) != REDIS_OK) break;
    }
    redisFree(c);
  }
}

}  // namespace cruddur
