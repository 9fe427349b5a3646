// Settings: the options every `cruddur` command accepts (before or after its name), and what
// a command opens from them — each command opens only what it uses.
#pragma once

#include <memory>
#include <string>

#include "aws/json_client.h"
#include "cruddur/store/users.h"
#include "cruddur/stream/stream_follower.h"

namespace cruddur {

struct Settings {
  // --ddb-endpoint, else $AWS_ENDPOINT_URL_DYNAMODB or $AWS_ENDPOINT_URL; "prod": AWS.
  std::string endpoint = "http://localhost:8000";
  std::string table = "cruddur-messages";   // --table, or $DDB_MESSAGE_TABLE
  bool json = false;                        // --json
  std::string data_dir = "./data/cruddur";  // --data-dir
  int poll_ms = 0;                          // --poll-ms; 0: the endpoint's default

  // The defaults, with $DDB_MESSAGE_TABLE and the AWS endpoint variables applied.
  static Settings from_environment();

  bool on_aws() const { return endpoint == "prod"; }
  // The DynamoDB client's options: the endpoint, and the region and credentials of the standard
  // AWS environment. A local endpoint accepts any credentials; AWS needs some. Throws
  // std::runtime_error for that, and for an endpoint that is empty or not an http(s) URL.
  aws::ClientOptions dynamodb() const;
  // The stream's polling pace: locally a poll is cheap, so poll again soon after records
  // arrived; AWS allows 5 GetRecords a second per shard, so an even 250 ms there.
  PollPacing pacing() const;
  // The users directory: PostgreSQL with $CONNECTION_URL, else SQLite in data_dir.
  std::unique_ptr<UsersDirectory> users() const;
  // The same for the commands that only read or update users: without $CONNECTION_URL, a data
  // directory with no users database is an error that says to run `cruddur db setup`, and
  // nothing is created.
  std::unique_ptr<UsersDirectory> existing_users() const;
  std::string checkpoint_path() const { return data_dir + "/stream-checkpoint.json"; }
  std::string dev_key_path() const { return data_dir + "/dev-key.pem"; }
};

}  // namespace cruddur
