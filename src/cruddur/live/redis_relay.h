// RedisRelay: carries an EventHub's events between `cruddur serve` instances over one Redis
// pub/sub channel, so that a message posted to one instance reaches event streams open on every
// other. Each event published to the hub here is also published to the channel, tagged with this
// instance's id; what the channel brings from other instances is delivered to this hub (a
// message reaching a hub twice, from its own stream worker and from the channel, is sent once).
// While Redis is unreachable, events stay within their instance; the web UI's inbox refresh
// catches up, and the relay picks the channel up again by itself.
#pragma once

#include <simdjson.h>

#include <atomic>
#include <string>
#include <thread>

#include "cruddur/cache/redis_client.h"
#include "cruddur/live/event_hub.h"

namespace cruddur {

class RedisRelay {
 public:
  // `redis` (for publishing) and `hub` must outlive the relay. Starts following the channel on a
  // thread of its own, at `address`.
  RedisRelay(RedisClient& redis, const RedisAddress& address, EventHub& hub,
             std::string channel = "cruddur:events");
  // Stops following the channel (within 250 ms).
  ~RedisRelay();

 private:
  // On the subscriber's thread alone, which keeps one parser for every message.
  void receive(std::string_view payload);

  RedisClient& redis_;
  EventHub& hub_;
  std::string channel_;
  std::string origin_;  // this instance's id
  RedisClient subscriber_;
  simdjson::dom::parser parser_;  // receive()'s
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace cruddur
