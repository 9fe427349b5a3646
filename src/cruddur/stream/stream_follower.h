// StreamFollower: reads the messages table's stream through the DynamoDB Streams API (ddb-server
// locally, DynamoDB Streams on AWS), hands every batch to the InboxUpdater, and checkpoints each
// shard's last handled sequence number in a file, so a restart neither skips nor repeats work.
#pragma once

#include <atomic>
#include <map>
#include <string>

#include "aws/dynamodb_client.h"
#include "cruddur/stream/inbox_updater.h"

namespace cruddur {

class StreamFollower {
 public:
  StreamFollower(aws::DynamoDBClient& client, std::string table, std::string checkpoint_path);

  // Follows the stream until `stop` is set; with `once`, until every shard is drained of what it
  // holds now. Returns the number of records handled. Errors while following are retried with
  // backoff; with `once` they are thrown (aws::AwsError, std::runtime_error).
  size_t run(bool once, const std::atomic<bool>& stop);

 private:
  // Handles what one shard holds now; returns the records handled.
  size_t drain_shard(const std::string& stream_arn, const std::string& shard_id);
  void load_checkpoint();
  void save_checkpoint() const;

  aws::DynamoDBClient& client_;
  std::string table_;
  std::string checkpoint_path_;
  InboxUpdater updater_;
  std::string stream_arn_;
  std::map<std::string, std::string> checkpoints_;  // shard id -> last handled sequence number
};

}  // namespace cruddur
