// libFuzzer target: PartiQL statements through ExecuteStatement, as a client sends them, against
// an in-memory engine with a table and a global index: tokenizer, parser, compiler and the
// operations they compile to. Any input must end in an answer — never a crash, a hang or
// undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/json_writer.h"
#include "ddb/server/dispatch.h"
#include "ddb/storage/engine.h"

namespace {

ddb::Engine& engine() {
  static std::unique_ptr<ddb::Engine> instance = [] {
    ddb::EngineOptions options;
    options.in_memory = true;
    auto e = ddb::Engine::open(options);
    net::HttpRequestView request;
    request.method = "POST";
    request.path = "/";
    request.wanted[0] = "DynamoDB_20120810.CreateTable";
    request.body = R"({"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
          {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
        "GlobalSecondaryIndexes":[{"IndexName":"gsi","Projection":{"ProjectionType":"ALL"},
          "KeySchema":[{"AttributeName":"g","KeyType":"HASH"}]}]})";
    ddb::dispatch(*e, request);
    return e;
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks how many parameters go with the statement (the rest of the input).
  static const char* const kParameters[] = {R"({"S":"p"})", R"({"N":"1"})",
                                            R"({"L":[{"SS":["a"]},{"NULL":true}]})"};
  common::JsonWriter w;
  w.begin_object();
  w.key("Statement");
  w.string(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (size_t count = data[0] % 4) {
    w.key("Parameters");
    w.begin_array();
    for (size_t i = 0; i < count; ++i) w.raw(kParameters[i]);
    w.end_array();
  }
  w.key("Limit");
  w.number(int64_t{1 + data[0] / 4 % 8});
  w.end_object();
  std::string body = w.take();
  net::HttpRequestView request;
  request.method = "POST";
  request.path = "/";
  request.wanted[0] = "DynamoDB_20120810.ExecuteStatement";
  request.body = body;
  ddb::dispatch(engine(), request);
  return 0;
}
