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
