#include "cruddur/live/event_hub.h"

#include <algorithm>
#include <charconv>

#include "common/json_writer.h"

namespace cruddur {

namespace {

uint64_t microseconds_since_epoch() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One event in the text/event-stream format: `data` is one line of JSON.
std::string event_text(uint64_t id, std::string_view event, std::string_view data) {
  std::string text = "id: " + std::to_string(id) + "\nevent: ";
  text += event;
  text += "\ndata: ";
  text += data;
  text += "\n\n";
  return text;
}

}  // namespace

EventHub::EventHub(Options options)
    : options_(options),
      first_id_(microseconds_since_epoch()),
      next_id_(first_id_),
      dropped_through_(first_id_ - 1) {}

bool EventHub::has_room(const std::string& user_uuid) {
  std::lock_guard lock(mutex_);
  auto found = streams_.find(user_uuid);
  if (found == streams_.end()) return true;
  auto& open = found->second;
  open.erase(std::remove_if(open.begin(), open.end(), [](const auto& s) { return s->closed(); }),
             open.end());
  return open.size() < options_.max_streams_per_user;
}

void EventHub::subscribe(const std::string& user_uuid, std::shared_ptr<net::ReplyStream> stream,
                         std::string_view last_event_id) {
  std::lock_guard lock(mutex_);
  forget_old();
  // A retry delay for EventSource clients, and a first line that shows the stream is open.
  std::string opening = "retry: 2000\n: connected\n\n";
  if (!last_event_id.empty()) {
    uint64_t last = 0;
    auto [end, error] =
        std::from_chars(last_event_id.data(), last_event_id.data() + last_event_id.size(), last);
    bool parsed = error == std::errc() && end == last_event_id.data() + last_event_id.size();
    // Replayable when every event after `last` is still held and `last` is one of ours.
    if (parsed && last >= dropped_through_ && last < next_id_) {
      for (const Held& event : held_) {
        if (event.id <= last) continue;
        if (std::find(event.recipients.begin(), event.recipients.end(), user_uuid) !=
            event.recipients.end()) {
          opening += event.text;
        }
      }
    } else {
      // Not an id: the current one, so that the client's next reconnect can replay from here.
      opening += event_text(next_id_ - 1, "reset", "{}");
    }
  }
  if (stream->write(std::move(opening))) streams_[user_uuid].push_back(std::move(stream));
}

void EventHub::message(const std::vector<std::string>& members, const MessageEvent& message) {
  common::JsonWriter w;
  w.begin_object();
  for (auto [name, value] :
       {std::pair{"message_group_uuid", &message.group_uuid}, std::pair{"uuid", &message.uuid},
        std::pair{"handle", &message.handle}, std::pair{"display_name", &message.display_name},
        std::pair{"message", &message.message}, std::pair{"created_at", &message.created_at}}) {
    w.key(name);
    w.string(*value);
  }
  w.end_object();
  std::string data = w.take();
  bool published;
  {
    std::lock_guard lock(mutex_);
    published = publish(members, "message", data, message.uuid);
  }
  if (published && relay_) relay_(members, "message", data, message.uuid);
}

void EventHub::unread(const std::string& user_uuid, const std::string& group, int64_t unread,
                      int64_t total) {
  common::JsonWriter w;
  w.begin_object();
  w.key("message_group_uuid");
  w.string(group);
  w.key("unread");
  w.number(unread);
  w.key("total_unread");
  w.number(total);
  w.end_object();
  std::string data = w.take();
  {
    std::lock_guard lock(mutex_);
    publish({user_uuid}, "unread", data, "");
  }
  if (relay_) relay_({user_uuid}, "unread", data, "");
}

void EventHub::deliver(std::vector<std::string> recipients, std::string_view event,
                       std::string data, std::string message_uuid) {
  std::lock_guard lock(mutex_);
  publish(std::move(recipients), event, std::move(data), std::move(message_uuid));
}

bool EventHub::watching(const std::string& user_uuid) {
  std::lock_guard lock(mutex_);
  auto found = streams_.find(user_uuid);
  return found != streams_.end() && !found->second.empty();
}

void EventHub::heartbeat() {
  std::lock_guard lock(mutex_);
  forget_old();
  for (auto it = streams_.begin(); it != streams_.end();) {
    auto& open = it->second;
    open.erase(std::remove_if(open.begin(), open.end(),
                              [](const auto& stream) { return !stream->write(": heartbeat\n\n"); }),
               open.end());
    it = open.empty() ? streams_.erase(it) : std::next(it);
  }
}

size_t EventHub::open_streams() {
  std::lock_guard lock(mutex_);
  size_t open = 0;
  for (const auto& [_, streams] : streams_) open += streams.size();
  return open;
}

void EventHub::close_all() {
  std::lock_guard lock(mutex_);
  for (auto& [_, streams] : streams_) {
    for (auto& stream : streams) stream->close();
  }
  streams_.clear();
}

bool EventHub::publish(std::vector<std::string> recipients, std::string_view event,
                       std::string data, std::string message_uuid) {
  if (!message_uuid.empty() && held_messages_.count(message_uuid)) return false;
  forget_old();
  uint64_t id = next_id_++;
  std::string text = event_text(id, event, data);
  for (const auto& user : recipients) send_to(user, text);
  if (!message_uuid.empty()) held_messages_.insert(message_uuid);
  held_.push_back({id, std::chrono::steady_clock::now(), std::move(recipients), std::move(text),
                   std::move(message_uuid)});
  return true;
}

void EventHub::forget_old() {
  auto now = std::chrono::steady_clock::now();
  while (!held_.empty() &&
         (held_.size() >= options_.max_held || now - held_.front().at > options_.hold)) {
    dropped_through_ = held_.front().id;
    if (!held_.front().message_uuid.empty()) held_messages_.erase(held_.front().message_uuid);
    held_.pop_front();
  }
}

void EventHub::send_to(const std::string& user_uuid, const std::string& text) {
  auto found = streams_.find(user_uuid);
  if (found == streams_.end()) return;
  auto& open = found->second;
  open.erase(std::remove_if(open.begin(), open.end(),
                            [&](const auto& stream) { return !stream->write(text); }),
             open.end());
  if (open.empty()) streams_.erase(found);
}

}  // namespace cruddur
