#include "ddb/ops/operations.h"

#include <unordered_map>

#include "ddb/error.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

// The item writes report the request's own validation errors (ApiError::request_validation)
// inside the envelope of the model stage, as DynamoDB does since its 2026 validation rollout.
std::string enveloped(Operation operation, Engine& engine, const Request& request) {
  try {
    return operation(engine, request);
  } catch (const ApiError& e) {
    if (!e.is_request_validation()) throw;
    throw ApiError::validation("1 validation error detected: " + e.message());
  }
}

// BatchWriteItem, the transactions and Scan check values in DynamoDB's older layer, whose words
// differ (ValueWording).
std::string older_values(Operation operation, Engine& engine, const Request& request) {
  ValueWordingScope scope(ValueWording::kOlder);
  return operation(engine, request);
}

}  // namespace

Operation find_operation(std::string_view name) {
  static const std::unordered_map<std::string_view, Operation> operations = {
      {"CreateTable", create_table},
      {"DescribeTable", describe_table},
      {"ListTables", list_tables},
      {"DeleteTable", delete_table},
      {"UpdateTable", update_table},
      {"PutItem", [](Engine& e, const Request& r) { return enveloped(put_item, e, r); }},
      {"GetItem", get_item},
      {"DeleteItem", [](Engine& e, const Request& r) { return enveloped(delete_item, e, r); }},
      {"UpdateItem", [](Engine& e, const Request& r) { return enveloped(update_item, e, r); }},
      {"Query", query},
      {"Scan", [](Engine& e, const Request& r) { return older_values(scan, e, r); }},
      {"BatchWriteItem",
       [](Engine& e, const Request& r) { return older_values(batch_write_item, e, r); }},
      {"BatchGetItem", batch_get_item},
      {"TransactWriteItems",
       [](Engine& e, const Request& r) { return older_values(transact_write_items, e, r); }},
      {"TransactGetItems",
       [](Engine& e, const Request& r) { return older_values(transact_get_items, e, r); }},
      {"UpdateTimeToLive", update_time_to_live},
      {"DescribeTimeToLive", describe_time_to_live},
      {"TagResource", tag_resource},
      {"UntagResource", untag_resource},
      {"ListTagsOfResource", list_tags_of_resource},
      {"DescribeLimits", describe_limits},
      {"DescribeEndpoints", describe_endpoints},
      {"DescribeContinuousBackups", describe_continuous_backups},
      {"ExecuteStatement", execute_statement},
      {"BatchExecuteStatement", batch_execute_statement},
      {"ExecuteTransaction", execute_transaction},
  };
  auto it = operations.find(name);
  return it == operations.end() ? nullptr : it->second;
}

Operation find_stream_operation(std::string_view name) {
  static const std::unordered_map<std::string_view, Operation> operations = {
      {"ListStreams", list_streams},
      {"DescribeStream", describe_stream},
      {"GetShardIterator", get_shard_iterator},
      {"GetRecords", get_records},
  };
  auto it = operations.find(name);
  return it == operations.end() ? nullptr : it->second;
}

}  // namespace ddb
