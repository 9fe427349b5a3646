#include "cruddur/stream/stream_follower.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/json_writer.h"

namespace cruddur {

namespace {

std::string object_with(std::initializer_list<std::pair<const char*, std::string>> members) {
  common::JsonWriter w;
  w.begin_object();
  for (const auto& [name, value] : members) {
    w.key(name);
    w.string(value);
  }
  w.end_object();
  return w.take();
}

}  // namespace

std::chrono::milliseconds PollPacing::pause(int empty_polls) const {
  if (empty_polls <= 0) return busy;
  if (empty_polls > 30 || busy.count() << empty_polls >= idle.count()) return idle;
  return busy * (int64_t{1} << empty_polls);
}

StreamFollower::StreamFollower(aws::JsonClient& client, std::string table,
                               std::string checkpoint_path, PollPacing pacing,
                               InboxObserver* observer)
    : client_(client),
      table_(std::move(table)),
      checkpoint_path_(std::move(checkpoint_path)),
      pacing_(pacing),
      updater_(client, table_, observer) {
  load_checkpoint();
}

void StreamFollower::load_checkpoint() {
  std::ifstream in(checkpoint_path_);
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(text.str()).get(o)) return;  // unreadable: start over (idempotent anyway)
  std::string_view arn;
  if (!o["stream"].get(arn)) stream_arn_ = arn;
  simdjson::dom::object shards;
  if (!o["shards"].get(shards)) {
    for (auto field : shards)
      checkpoints_[std::string(field.key)] = std::string(std::string_view(field.value));
  }
}

void StreamFollower::save_checkpoint() const {
  common::JsonWriter w;
  w.begin_object();
  w.key("stream");
  w.string(stream_arn_);
  w.key("shards");
  w.begin_object();
  for (const auto& [shard, sequence] : checkpoints_) {
    w.key(shard);
    w.string(sequence);
  }
  w.end_object();
  w.end_object();
  // Written aside, synced, then renamed over: a crash leaves the old or the new file whole.
  std::filesystem::path path(checkpoint_path_);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::string temporary = checkpoint_path_ + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write the stream checkpoint " + temporary);
  std::string_view text = w.str();
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write the stream checkpoint " + temporary);
  std::filesystem::rename(temporary, path);
}

size_t StreamFollower::drain_shard(const std::string& stream_arn, const std::string& shard_id) {
  simdjson::dom::parser parser;
  std::string iterator = iterators_[shard_id];
  iterators_.erase(shard_id);
  if (iterator.empty()) iterator = first_iterator(stream_arn, shard_id);
  size_t handled = 0;
  while (true) {
    simdjson::dom::element page = parser.parse(client_.call(
        "DynamoDBStreams_20120810.GetRecords", object_with({{"ShardIterator", iterator}})));
    simdjson::dom::array records = page["Records"];
    if (records.size() > 0) {
      updater_.handle_batch(records);
      std::string_view last;
      for (simdjson::dom::element record : records) last = record["dynamodb"]["SequenceNumber"];
      checkpoints_[shard_id] = std::string(last);
      save_checkpoint();
      handled += records.size();
    }
    std::string_view next;
    if (page["NextShardIterator"].get(next)) {  // closed and read to its end: its child follows
      finished_.insert(shard_id);
      relist_ = true;
      return handled;
    }
    iterator = std::string(next);
    if (records.size() == 0) break;
  }
  iterators_[shard_id] = iterator;
  return handled;
}

std::string StreamFollower::first_iterator(const std::string& stream_arn,
                                           const std::string& shard_id) {
  simdjson::dom::parser parser;
  auto checkpoint = checkpoints_.find(shard_id);
  std::string request = checkpoint == checkpoints_.end()
                            ? object_with({{"StreamArn", stream_arn},
                                           {"ShardId", shard_id},
                                           {"ShardIteratorType", "TRIM_HORIZON"}})
                            : object_with({{"StreamArn", stream_arn},
                                           {"ShardId", shard_id},
                                           {"ShardIteratorType", "AFTER_SEQUENCE_NUMBER"},
                                           {"SequenceNumber", checkpoint->second}});
  return std::string(std::string_view(parser.parse(
      client_.call("DynamoDBStreams_20120810.GetShardIterator", request))["ShardIterator"]));
}

void StreamFollower::list_shards() {
  simdjson::dom::parser parser;
  std::string_view arn;
  simdjson::dom::element table =
      parser.parse(client_.call("DescribeTable", object_with({{"TableName", table_}})))["Table"];
  if (table["LatestStreamArn"].get(arn)) {
    throw std::runtime_error("table " + table_ + " has no stream");
  }
  if (stream_arn_ != arn) {  // a new stream: its shards start afresh
    stream_arn_ = arn;
    checkpoints_.clear();
    iterators_.clear();
    finished_.clear();
  }
  simdjson::dom::element description = parser.parse(client_.call(
      "DynamoDBStreams_20120810.DescribeStream", object_with({{"StreamArn", stream_arn_}})));
  shards_.clear();
  for (simdjson::dom::element shard :
       simdjson::dom::array(description["StreamDescription"]["Shards"])) {
    shards_.emplace_back(std::string_view(shard["ShardId"]));
  }
  relist_ = false;
}

size_t StreamFollower::run(bool once, const std::atomic<bool>& stop) {
  using Clock = std::chrono::steady_clock;
  size_t handled = 0;
  int failures = 0;
  int empty_polls = 31;  // at start, the idle pace
  Clock::time_point listed;
  while (!stop) {
    try {
      // The stream is listed at start, after a failure, when a shard closes and every 10 s (a new
      // stream after the table's stream was switched off and on, a shard split).
      if (relist_ || once || Clock::now() - listed > std::chrono::seconds(10)) {
        list_shards();
        listed = Clock::now();
      }
      size_t round = 0;
      for (const auto& shard : shards_) {
        if (!finished_.count(shard)) round += drain_shard(stream_arn_, shard);
      }
      handled += round;
      failures = 0;
      if (once) return handled;
      if (round > 0) {
        empty_polls = 0;
      } else {
        std::this_thread::sleep_for(pacing_.pause(empty_polls));
        empty_polls = std::min(empty_polls + 1, 31);
      }
    } catch (const std::exception&) {
      if (once) throw;
      // The endpoint is down, the table is gone or an iterator expired: back off, up to 5 s,
      // and start again from the checkpoints.
      relist_ = true;
      iterators_.clear();
      failures = std::min(failures + 1, 6);
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << std::min(failures, 5)));
    }
  }
  return handled;
}

}  // namespace cruddur
