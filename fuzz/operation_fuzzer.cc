// libFuzzer target: request bodies through dispatch, as a client sends them, to the item, read,
// batch, transaction, PartiQL, stream and describe operations, against an in-memory engine with
// a table (a global index, a stream) holding a few items. Any input must end in an answer, and
// that answer must never be a 500: a 500 is an exception that was not DynamoDB's answer (an
// ApiError) escaping an operation, where DynamoDB answers a malformed request with a 400.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ddb/server/dispatch.h"
#include "ddb/storage/engine.h"

namespace {

net::HttpReply send(ddb::Engine& engine, const char* operation, const std::string& body) {
  static std::string target;
  std::string_view name(operation);
  bool streams = name == "ListStreams" || name == "DescribeStream" || name == "GetShardIterator" ||
                 name == "GetRecords";
  target = std::string(streams ? "DynamoDBStreams_20120810." : "DynamoDB_20120810.") + operation;
  net::HttpRequestView request;
  request.method = "POST";
  request.path = "/";
  request.wanted[0] = target;
  request.body = body;
  return ddb::dispatch(engine, request);
}

ddb::Engine& engine() {
  static std::unique_ptr<ddb::Engine> instance = [] {
    ddb::EngineOptions options;
    options.in_memory = true;
    auto e = ddb::Engine::open(options);
    send(*e, "CreateTable", R"({"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
          {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
        "GlobalSecondaryIndexes":[{"IndexName":"gsi","Projection":{"ProjectionType":"ALL"},
          "KeySchema":[{"AttributeName":"g","KeyType":"HASH"}]}],
        "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})");
    for (int i = 0; i < 4; ++i) {
      send(
          *e, "PutItem",
          R"({"TableName":"tbl","Item":{"pk":{"S":"p"},"sk":{"N":")" + std::to_string(i) +
              R"("},"g":{"S":"x"},"l":{"L":[{"N":"1"},{"M":{"a":{"SS":["b"]}}}]},"n":{"N":"5"}}})");
    }
    return e;
  }();
  return *instance;
}

// Operations that neither create nor delete tables, so that every input meets the same table.
const char* const kOperations[] = {
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "Scan",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
    "ExecuteStatement",
    "BatchExecuteStatement",
    "ExecuteTransaction",
    "DescribeTable",
    "ListTables",
    "DescribeTimeToLive",
    "UpdateTimeToLive",
    "ListStreams",
    "DescribeStream",
    "GetShardIterator",
    "GetRecords",
    "TagResource",
    "ListTagsOfResource",
    "DescribeContinuousBackups",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the operation; the rest is the request body.
  const char* operation = kOperations[data[0] % (sizeof kOperations / sizeof kOperations[0])];
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (send(engine(), operation, body).status == 500) __builtin_trap();
  return 0;
}
