// StreamFollower: reads the messages table's stream through the DynamoDB Streams API (ddb-server
// locally, DynamoDB Streams on AWS), hands every batch to the InboxUpdater, and checkpoints each
// shard's last handled sequence number in a file, so a restart neither skips nor repeats work.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "aws/json_client.h"
#include "cruddur/stream/inbox_updater.h"

namespace cruddur {

// How long the follower pauses after a poll that found nothing: `busy` after the first such poll
// since records arrived, twice as long after each further one, up to `idle`. Messages come in
// bursts, so the next one after a message is usually picked up within milliseconds, while an
// idle stream costs one GetRecords per `idle`. On AWS a shard allows 5 GetRecords a second:
// keep `busy` at 200 ms or more there.
struct PollPacing {
  std::chrono::milliseconds busy{1};
  std::chrono::milliseconds idle{100};
  std::chrono::milliseconds pause(int empty_polls) const;
};

class StreamFollower {
 public:
  // `observer` (may be null) is told what the updater does, and must outlive the follower.
  StreamFollower(aws::JsonClient& client, std::string table, std::string checkpoint_path,
                 PollPacing pacing = {}, InboxObserver* observer = nullptr);

  // Follows the stream until `stop` is set; with `once`, until every shard is drained of what it
  // holds now. Returns the number of records handled. Errors while following are retried with
  // backoff; with `once` they are thrown (aws::AwsError, std::runtime_error).
  size_t run(bool once, const std::atomic<bool>& stop);

 private:
  // Handles what one shard holds now; returns the records handled. Keeps the shard's iterator for
  // the next poll; a closed shard, once drained, goes into `finished_`.
  size_t drain_shard(const std::string& stream_arn, const std::string& shard_id);
  // An iterator at the shard's checkpoint, or at its oldest record.
  std::string first_iterator(const std::string& stream_arn, const std::string& shard_id);
  // The table's stream and its shards, through DescribeTable and DescribeStream.
  void list_shards();
  void load_checkpoint();
  void save_checkpoint() const;

  aws::JsonClient& client_;
  std::string table_;
  std::string checkpoint_path_;
  PollPacing pacing_;
  InboxUpdater updater_;
  std::string stream_arn_;
  std::map<std::string, std::string> checkpoints_;  // shard id -> last handled sequence number
  // Listing state, kept between polls so an idle poll is one GetRecords per open shard.
  std::vector<std::string> shards_;
  std::map<std::string, std::string> iterators_;  // shard id -> where the next GetRecords reads
  std::set<std::string> finished_;                // closed shards read to their end
  bool relist_ = true;
};

}  // namespace cruddur
