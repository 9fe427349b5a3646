// `cruddur ddb ...`: the operator commands over the messages table that replace the seed's
// bin/ddb scripts, on any DynamoDB endpoint.
#pragma once

#include <string>

#include "aws/json_client.h"
#include "cruddur/store/users.h"

namespace cruddur {

struct DdbContext {
  aws::JsonClient& client;
  std::string table;                // the messages table (--table)
  bool json = false;                // --json: the raw answers, for scripts
  UsersDirectory* users = nullptr;  // for the commands that name users
};

// Each command prints its result to stdout and throws aws::AwsError or std::runtime_error on
// failure.
void schema_load(DdbContext& context);
void list_tables(DdbContext& context);
void drop_table(DdbContext& context, const std::string& table);
void scan_table(DdbContext& context);
// The demo conversation: ~100 messages between andrewbrown and bayko, with both inbox rows and
// the pair marker consistent with its last message. Does nothing when the two already have a
// conversation, so that it can run at every start.
void seed_conversation(DdbContext& context);
// The newest page (20) of a conversation's messages, printed oldest to newest.
void get_conversation(DdbContext& context, const std::string& group_uuid);
// A user's conversations, newest first.
void list_conversations(DdbContext& context, const std::string& handle);

// The demo conversation's group (the seed document's).
constexpr const char* kDemoGroup = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

}  // namespace cruddur
