// EventHub: the live updates of GET /api/events (docs/API.md), as Server-Sent Events. Each open
// event stream belongs to one user and gets every new message of that user's conversations
// (`event: message`) and each change of their unread counts (`event: unread`).
//
// Every event has an id, increasing, that starts from this process's start time in
// microseconds: ids of an earlier process are below every id of this one. The hub holds the
// events of the last `hold` (at most `max_held` of them), so that a stream reconnecting with
// Last-Event-ID first gets what followed it; when some of that is no longer held, or the id is
// not one this process gave, it gets `event: reset` instead (the client reloads its lists).
//
// A message is published by whoever sees it first (the API that stored it, the stream worker
// that moved its inbox rows) and sent once: the hub remembers the uuids of the messages it holds.
// Writes never block: a stream whose client falls behind is closed by the HTTP front
// (net::ServerOptions::max_stream_backlog) and forgotten here.
//
// Thread-safe: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "net/http_types.h"

namespace cruddur {

// A message as an event carries it.
struct MessageEvent {
  std::string group_uuid;
  std::string uuid;
  std::string handle;  // the sender's
  std::string display_name;
  std::string message;
  std::string created_at;
};

class EventHub {
 public:
  struct Options {
    size_t max_streams_per_user = 8;
    std::chrono::seconds hold{300};
    size_t max_held = 100000;
  };

  explicit EventHub(Options options);
  EventHub() : EventHub(Options{}) {}

  // False when `user_uuid` already has max_streams_per_user open streams (the API answers 429).
  bool has_room(const std::string& user_uuid);
  // Adds `stream` to `user_uuid`'s streams, after writing to it what followed `last_event_id`
  // (the client's Last-Event-ID; empty for a first connection: nothing) or `event: reset`.
  void subscribe(const std::string& user_uuid, std::shared_ptr<net::ReplyStream> stream,
                 std::string_view last_event_id);
  // A new message, for each of `members` (user uuids); a message already published is not sent
  // again.
  void message(const std::vector<std::string>& members, const MessageEvent& message);
  // `user_uuid`'s unread count of `group` is now `unread`, and `total` over all conversations.
  void unread(const std::string& user_uuid, const std::string& group, int64_t unread,
              int64_t total);
  // Whether `user_uuid` has an open stream: only then is an unread event worth its reads.
  bool watching(const std::string& user_uuid);
  // Writes a comment to every stream (so that clients and proxies see the connection alive)
  // and forgets the closed ones. Call it at least every 15 seconds.
  void heartbeat();
  size_t open_streams();
  // Closes and forgets every stream: before the HTTP front that carries them goes away.
  void close_all();

  // Events shared with other processes (live/redis_relay.h): `relay` is called, outside the
  // hub's lock, with each event published here; deliver() publishes one that came from elsewhere
  // (not relayed again). Set the relay before any publishing.
  using Relay =
      std::function<void(const std::vector<std::string>& recipients, std::string_view event,
                         const std::string& data, const std::string& message_uuid)>;
  void set_relay(Relay relay) { relay_ = std::move(relay); }
  // Whether events go to other processes too (whose streams watching() does not see).
  bool relayed() const { return static_cast<bool>(relay_); }
  void deliver(std::vector<std::string> recipients, std::string_view event, std::string data,
               std::string message_uuid);

 private:
  struct Held {
    uint64_t id;
    std::chrono::steady_clock::time_point at;
    std::vector<std::string> recipients;
    std::string text;          // the event as written to the stream
    std::string message_uuid;  // for a message event
  };

  // Gives the event an id, holds it, writes it to each recipient's streams (mutex_ held); a
  // message already held is dropped. Returns whether it was published.
  bool publish(std::vector<std::string> recipients, std::string_view event, std::string data,
               std::string message_uuid);
  void forget_old();  // drops what is past `hold` or `max_held` (mutex_ held)
  // Writes `text` to `user_uuid`'s streams, forgetting those that are closed (mutex_ held).
  void send_to(const std::string& user_uuid, const std::string& text);

  Options options_;
  Relay relay_;
  std::mutex mutex_;
  uint64_t first_id_;
  uint64_t next_id_;
  uint64_t dropped_through_;  // the newest id no longer held (first_id_ - 1 when none)
  std::deque<Held> held_;
  std::unordered_set<std::string> held_messages_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<net::ReplyStream>>> streams_;
};

}  // namespace cruddur
