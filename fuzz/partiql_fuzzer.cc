// libFuzzer target: PartiQL statements through ExecuteStatement, as a client sends them, against
// an in-memory engine with a table and a global index: tokenizer, parser, compiler and the
// operations they compile to. Any input must end in an answer — never a crash, a hang or
// undefined behaviour, nor a 500 — and compile() must give what compiling afresh gives.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_writer.h"
#include "ddb/error.h"
#include "ddb/ops/partiql.h"
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

bool same_compiled(const ddb::partiql::Compiled& a, const ddb::partiql::Compiled& b) {
  if (a.renames.size() != b.renames.size()) return false;
  for (size_t i = 0; i < a.renames.size(); ++i) {
    const auto &x = a.renames[i], &y = b.renames[i];
    if (x.second != y.second || x.first.size() != y.first.size()) return false;
    for (size_t j = 0; j < x.first.size(); ++j) {
      if (x.first[j].name != y.first[j].name || x.first[j].index != y.first[j].index) return false;
    }
  }
  return a.kind == b.kind && a.table == b.table && a.on_index == b.on_index &&
         a.global_index == b.global_index && a.operation == b.operation && a.members == b.members &&
         a.returning == b.returning && a.condition_beyond_key == b.condition_beyond_key;
}

// What compile() gives (from the statements it keeps compiled for any parameters, once it has
// seen the statement) must be what compiling it afresh gives, or the same refusal. Each is
// compiled twice, so that the second finds it kept.
void check_kept_statement(std::string_view statement,
                          const std::vector<simdjson::dom::element>& parameters) {
  std::optional<ddb::partiql::Compiled> fresh;
  std::string refusal;
  try {
    fresh = ddb::partiql::compile_afresh(statement, parameters, engine());
  } catch (const ddb::ApiError& e) {
    refusal = e.type() + ": " + e.message();
  }
  for (int i = 0; i < 2; ++i) {
    try {
      auto kept = ddb::partiql::compile(statement, parameters, engine());
      if (!fresh || !same_compiled(*fresh, kept)) __builtin_trap();
    } catch (const ddb::ApiError& e) {
      if (fresh || e.type() + ": " + e.message() != refusal) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks how many parameters go with the statement (the rest of the input), its
  // top three bits where in this list they start: maps and sets too, for the statements kept
  // compiled only for values of their shape (INSERT ... VALUE ?, set_add(s, ?)).
  static const char* const kParameters[] = {
      R"({"S":"p"})",
      R"({"N":"1"})",
      R"({"L":[{"SS":["a"]},{"NULL":true}]})",
      R"({"M":{"pk":{"S":"q"},"sk":{"N":"2"},"g":{"S":"x"}}})",
      R"({"SS":["a","b"]})",
      R"({"S":"p"})",
      R"({"N":"1"})",
      R"({"NS":["1","2"]})"};
  auto parameter = [&](size_t i) { return kParameters[(data[0] / 32 + i) % 8]; };
  common::JsonWriter w;
  w.begin_object();
  w.key("Statement");
  w.string(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (size_t count = data[0] % 4) {
    w.key("Parameters");
    w.begin_array();
    for (size_t i = 0; i < count; ++i) w.raw(parameter(i));
    w.end_array();
  }
  {
    std::string list = "[";
    for (size_t i = 0; i < data[0] % 4u; ++i) list += std::string(i ? "," : "") + parameter(i);
    static simdjson::dom::parser parser;
    simdjson::dom::array array = parser.parse(list + "]").get_array();
    std::vector<simdjson::dom::element> parameters(array.begin(), array.end());
    check_kept_statement(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1),
                         parameters);
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
  // A 500 is an exception that was not DynamoDB's answer (an ApiError) escaping the operation:
  // nothing in a statement or its parameters may cause one.
  if (ddb::dispatch(engine(), request).status == 500) __builtin_trap();
  return 0;
}
