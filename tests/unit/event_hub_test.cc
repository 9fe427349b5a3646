// EventHub: who gets which event, replay after Last-Event-ID, reset once events are no longer
// held, one push per message, closed streams forgotten.
#include "cruddur/live/event_hub.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "cruddur/live/live_observer.h"
#include "cruddur/model/timestamps.h"

namespace {

// A stream that keeps what is written to it.
class Recorded : public net::ReplyStream {
 public:
  bool write(std::string data) override {
    if (closed_) return false;
    text += data;
    return true;
  }
  void close() override { closed_ = true; }
  bool closed() const override { return closed_; }
  std::string text;

 private:
  bool closed_ = false;
};

cruddur::MessageEvent message(const std::string& uuid, const std::string& text) {
  return {"g1", uuid, "andrewbrown", "Andrew Brown", text, "2026-12-05T00:00:00.000000+00:00"};
}

// The id of the last event in `text`, or of the last before `before`.
std::string last_id(const std::string& text, size_t before = std::string::npos) {
  size_t at = text.rfind("id: ", before);
  return text.substr(at + 4, text.find('\n', at) - at - 4);
}

TEST(EventHub, SendsAMessageToItsMembersOnlyAndOnce) {
  cruddur::EventHub hub;
  auto a = std::make_shared<Recorded>(), b = std::make_shared<Recorded>(),
       c = std::make_shared<Recorded>();
  hub.subscribe("A", a, "");
  hub.subscribe("B", b, "");
  hub.subscribe("C", c, "");
  hub.message({"A", "B"}, message("m1", "hi"));
  hub.message({"A", "B"}, message("m1", "hi"));  // the stream worker's copy of the same message
  EXPECT_NE(a->text.find("event: message\ndata: {\"message_group_uuid\":\"g1\",\"uuid\":\"m1\""),
            std::string::npos)
      << a->text;
  EXPECT_EQ(a->text.find("event: message"), a->text.rfind("event: message"));
  EXPECT_NE(b->text.find("\"message\":\"hi\""), std::string::npos);
  EXPECT_EQ(c->text.find("event:"), std::string::npos);
  hub.unread("B", "g1", 1, 4);
  EXPECT_NE(b->text.find("event: unread\ndata: "
                         "{\"message_group_uuid\":\"g1\",\"unread\":1,\"total_unread\":4}\n\n"),
            std::string::npos);
  EXPECT_EQ(a->text.find("event: unread"), std::string::npos);
}

TEST(EventHub, ReplaysWhatFollowedTheLastEventIdAndResetsWhenItIsGone) {
  cruddur::EventHub::Options options;
  options.max_held = 3;
  cruddur::EventHub hub(options);
  auto first = std::make_shared<Recorded>();
  hub.subscribe("A", first, "");
  hub.message({"A"}, message("m1", "one"));
  std::string seen = last_id(first->text);
  first->close();
  hub.message({"A"}, message("m2", "two"));
  hub.message({"B"}, message("m3", "not A's"));
  auto again = std::make_shared<Recorded>();
  hub.subscribe("A", again, seen);
  EXPECT_NE(again->text.find("\"message\":\"two\""), std::string::npos) << again->text;
  EXPECT_EQ(again->text.find("not A's"), std::string::npos);
  EXPECT_EQ(again->text.find("\"one\""), std::string::npos);
  // Three more push m1..m3 out of the hub: `seen` can no longer be replayed from.
  for (auto id : {"m4", "m5", "m6"}) hub.message({"B"}, message(id, id));
  auto late = std::make_shared<Recorded>();
  hub.subscribe("A", late, seen);
  EXPECT_NE(late->text.find("event: reset"), std::string::npos) << late->text;
  // The reset's id resumes: what follows it is replayed.
  hub.message({"A"}, message("m7", "seven"));
  auto resumed = std::make_shared<Recorded>();
  hub.subscribe("A", resumed, last_id(late->text, late->text.find("event: reset")));
  EXPECT_NE(resumed->text.find("seven"), std::string::npos) << resumed->text;
}

TEST(EventHub, ForgetsClosedStreamsAndBoundsStreamsPerUser) {
  cruddur::EventHub::Options options;
  options.max_streams_per_user = 2;
  cruddur::EventHub hub(options);
  auto a1 = std::make_shared<Recorded>(), a2 = std::make_shared<Recorded>();
  hub.subscribe("A", a1, "");
  hub.subscribe("A", a2, "");
  EXPECT_FALSE(hub.has_room("A"));
  EXPECT_TRUE(hub.has_room("B"));
  a1->close();
  EXPECT_TRUE(hub.has_room("A"));
  hub.heartbeat();
  EXPECT_NE(a2->text.find(": heartbeat\n\n"), std::string::npos);
  EXPECT_EQ(hub.open_streams(), 1u);
  a2->close();
  hub.heartbeat();
  EXPECT_FALSE(hub.watching("A"));
  EXPECT_EQ(hub.open_streams(), 0u);
}

TEST(LiveObserver, PushesWhatTheWorkerDeliversButNotTheBacklogFromBeforeItsStart) {
  cruddur::EventHub hub;
  cruddur::LiveObserver observer(&hub, nullptr);
  auto stream = std::make_shared<Recorded>();
  hub.subscribe("B", stream, "");
  auto now = std::chrono::system_clock::now();
  cruddur::DeliveredMessage backlog{cruddur::utc_timestamp(now - std::chrono::minutes(1)),
                                    "from the backlog",
                                    "andrewbrown",
                                    "1",
                                    "m-old",
                                    "Andrew"};
  cruddur::DeliveredMessage fresh{
      cruddur::utc_timestamp(now), "new", "andrewbrown", "2", "m-new", "Andrew"};
  observer.message_delivered("g1", {"A", "B"}, backlog);
  observer.message_delivered("g1", {"A", "B"}, fresh);
  EXPECT_EQ(stream->text.find("from the backlog"), std::string::npos) << stream->text;
  EXPECT_NE(stream->text.find("\"uuid\":\"m-new\""), std::string::npos) << stream->text;
}

}  // namespace
