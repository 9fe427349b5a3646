// `cruddur ddb ...`: the operator commands over the messages table that replace the seed's
// bin/ddb scripts, on any DynamoDB endpoint.
#pragma once

#include <string>

#include "aws/dynamodb_client.h"

namespace cruddur {

struct DdbContext {
  aws::DynamoDBClient& client;
  std::string table;  // the messages table (--table)
  bool json = false;  // --json: the raw answers, for scripts
};

// Each command prints its result to stdout and throws aws::AwsError or std::runtime_error on
// failure.
void schema_load(DdbContext& context);
void list_tables(DdbContext& context);
void drop_table(DdbContext& context, const std::string& table);
void scan_table(DdbContext& context);

}  // namespace cruddur
