#include "cruddur/live/redis_relay.h"

#include <simdjson.h>

#include "common/json_writer.h"
#include "common/uuid.h"

namespace cruddur {

// On the channel, one event is {"origin", "event", "recipients": [...], "data", "message_uuid"},
// `data` being the event's JSON as a string.
RedisRelay::RedisRelay(RedisClient& redis, const RedisAddress& address, EventHub& hub,
                       std::string channel)
    : redis_(redis),
      hub_(hub),
      channel_(std::move(channel)),
      origin_(common::random_uuid()),
      subscriber_(address) {
  hub_.set_relay([this](const std::vector<std::string>& recipients, std::string_view event,
                        const std::string& data, const std::string& message_uuid) {
    common::JsonWriter w;
    w.begin_object();
    w.key("origin");
    w.string(origin_);
    w.key("event");
    w.string(event);
    w.key("recipients");
    w.begin_array();
    for (const auto& recipient : recipients) w.string(recipient);
    w.end_array();
    w.key("data");
    w.string(data);
    w.key("message_uuid");
    w.string(message_uuid);
    w.end_object();
    std::string payload = w.take();
    redis_.command({"PUBLISH", channel_, payload});  // lost while Redis is down: see the header
  });
  thread_ = std::thread([this] {
    subscriber_.subscribe(
        channel_, [this](std::string_view payload) { receive(payload); }, stop_);
  });
}

RedisRelay::~RedisRelay() {
  stop_ = true;
  thread_.join();
  hub_.set_relay(nullptr);
}

void RedisRelay::receive(std::string_view payload) {
  simdjson::dom::object o;
  if (parser_.parse(payload.data(), payload.size()).get(o)) return;
  std::string_view origin, event, data, message_uuid;
  simdjson::dom::array recipients;
  if (o["origin"].get(origin) || o["event"].get(event) || o["data"].get(data) ||
      o["message_uuid"].get(message_uuid) || o["recipients"].get(recipients)) {
    return;
  }
  if (origin == origin_ || (event != "message" && event != "unread")) return;
  std::vector<std::string> to;
  for (auto recipient : recipients) {
    std::string_view uuid;
    if (!recipient.get(uuid)) to.emplace_back(uuid);
  }
  hub_.deliver(std::move(to), event, std::string(data), std::string(message_uuid));
}

}  // namespace cruddur
