// The DynamoDB operations, one function each: parse and validate the request, act through the
// Engine, return the response body. Errors are thrown as ApiError.
#pragma once

#include <string>
#include <string_view>

#include "ddb/ops/request.h"
#include "ddb/storage/engine.h"

namespace ddb {

using Operation = std::string (*)(Engine& engine, const Request& request);

// The operation for an X-Amz-Target operation name ("PutItem"), or nullptr.
Operation find_operation(std::string_view name);
// The same for the Streams API (X-Amz-Target DynamoDBStreams_20120810.<name>).
Operation find_stream_operation(std::string_view name);

// tables.cc
std::string create_table(Engine& engine, const Request& request);
std::string describe_table(Engine& engine, const Request& request);
std::string list_tables(Engine& engine, const Request& request);
std::string delete_table(Engine& engine, const Request& request);
std::string update_table(Engine& engine, const Request& request);
// items.cc
std::string put_item(Engine& engine, const Request& request);
std::string get_item(Engine& engine, const Request& request);
std::string delete_item(Engine& engine, const Request& request);
std::string update_item(Engine& engine, const Request& request);
// query_scan.cc
std::string query(Engine& engine, const Request& request);
std::string scan(Engine& engine, const Request& request);
// batch.cc
std::string batch_write_item(Engine& engine, const Request& request);
std::string batch_get_item(Engine& engine, const Request& request);
// control_plane.cc
std::string update_time_to_live(Engine& engine, const Request& request);
std::string describe_time_to_live(Engine& engine, const Request& request);
std::string tag_resource(Engine& engine, const Request& request);
std::string untag_resource(Engine& engine, const Request& request);
std::string list_tags_of_resource(Engine& engine, const Request& request);
std::string describe_limits(Engine& engine, const Request& request);
std::string describe_endpoints(Engine& engine, const Request& request);
std::string describe_continuous_backups(Engine& engine, const Request& request);
// streams.cc
std::string list_streams(Engine& engine, const Request& request);
std::string describe_stream(Engine& engine, const Request& request);
std::string get_shard_iterator(Engine& engine, const Request& request);
std::string get_records(Engine& engine, const Request& request);
// partiql_ops.cc
std::string execute_statement(Engine& engine, const Request& request);
std::string batch_execute_statement(Engine& engine, const Request& request);
std::string execute_transaction(Engine& engine, const Request& request);
// transactions.cc
std::string transact_write_items(Engine& engine, const Request& request);
std::string transact_get_items(Engine& engine, const Request& request);

}  // namespace ddb
