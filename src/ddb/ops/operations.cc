#include "ddb/ops/operations.h"

#include <unordered_map>

namespace ddb {

Operation find_operation(std::string_view name) {
  static const std::unordered_map<std::string_view, Operation> operations = {
      {"CreateTable", create_table},
      {"DescribeTable", describe_table},
      {"ListTables", list_tables},
      {"DeleteTable", delete_table},
      {"UpdateTable", update_table},
      {"PutItem", put_item},
      {"GetItem", get_item},
      {"DeleteItem", delete_item},
      {"UpdateItem", update_item},
      {"Query", query},
      {"Scan", scan},
      {"BatchWriteItem", batch_write_item},
      {"BatchGetItem", batch_get_item},
      {"TransactWriteItems", transact_write_items},
      {"TransactGetItems", transact_get_items},
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
