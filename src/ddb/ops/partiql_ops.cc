// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: PartiQL statements compiled
// (partiql.h) into the engine's own requests and run by the operations that serve them.
#include <set>

#include "common/base64.h"
#include "common/json_writer.h"
#include "ddb/error.h"
#include "ddb/ops/operations.h"
#include "ddb/ops/partiql.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

using partiql::Compiled;

std::vector<simdjson::dom::element> parameters_of(const Request& request) {
  std::vector<simdjson::dom::element> out;
  if (auto list = request.array("Parameters")) {
    for (auto p : *list) out.push_back(p);
  }
  return out;
}

// Runs `operation` on the request `{members, extra}`; its answer, parsed, valid until the next
// run on this thread (the text in `storage`). The two parsers are the thread's: a new parser's
// first parse allocates its buffers, ~4,000 of a SELECT by key's ~78,000 instructions for the
// two (callgrind).
simdjson::dom::object run(Engine& engine, const Request& outer, const std::string& operation,
                          const std::string& members, const std::string& extra,
                          std::string& storage) {
  thread_local simdjson::dom::parser request_parser, answer_parser;
  std::string body = "{" + members + extra + "}";
  simdjson::dom::object request_object = request_parser.parse(body).get_object();
  try {
    storage = find_operation(operation)(engine, Request(request_object, outer.context()));
  } catch (const ApiError& e) {
    // The statement's user wrote no FilterExpression: DynamoDB names no expression here
    // ("Incorrect operand type for operator or function; operator or function: <, operand
    // type: BOOL", nubo-db/dynamodb-conformance, tier3 partiql.test.ts).
    std::string message = e.message();
    size_t end = message.find("Expression: ");
    if (e.type().ends_with("#ValidationException") && message.starts_with("Invalid ") &&
        end != std::string::npos && message.find(' ', 8) > end) {
      throw ApiError::validation(message.substr(end + 12));
    }
    throw;
  }
  if (storage.empty()) storage = "{}";
  return answer_parser.parse(storage).get_object();
}

// An item as the statement selected it: SELECT a.b names the value at a.b "b".
void write_item(common::JsonWriter& w, simdjson::dom::element item, const Compiled& c) {
  if (c.renames.empty()) {
    copy_json(w, item);
    return;
  }
  Item stored = decode_item(item), out;
  for (const auto& [path, name] : c.renames) {
    const AttributeValue* v = nullptr;
    const Item* level = &stored;
    for (const auto& step : path) {
      if (step.index >= 0) {
        if (!v || v->type != ValueType::L || static_cast<size_t>(step.index) >= v->list.size()) {
          v = nullptr;
          break;
        }
        v = &v->list[step.index];
      } else {
        if (v) level = v->type == ValueType::M ? &v->map : nullptr;
        auto it = level ? level->find(step.name) : Item::const_iterator();
        if (!level || it == level->end()) {
          v = nullptr;
          break;
        }
        v = &it->second;
      }
    }
    if (v) out.insert_or_assign(name, *v);
  }
  encode_item(w, out);
}

bool is_read(std::string_view statement) {
  size_t i = statement.find_first_not_of(" \t\r\n(");
  return i != std::string_view::npos && statement.size() - i >= 6 &&
         (statement.substr(i, 6) == "SELECT" || statement.substr(i, 6) == "select" ||
          statement.substr(i, 6) == "Select");
}

// The optional members of an ExecuteStatement-like request that the compiled one takes too.
std::string read_options(const Request& request, const Compiled& c, bool paged) {
  std::string extra;
  bool consistent = request.boolean("ConsistentRead").value_or(false);
  if (consistent && c.global_index) {
    // PartiQL's own words for it (nubo-db/dynamodb-conformance, tier3 partiql.test.ts).
    throw ApiError::validation(
        "Strongly consistent read is not supported on Global Secondary Indexes");
  }
  if (consistent) extra += R"(,"ConsistentRead":true)";
  if (paged && c.operation != "GetItem") {
    if (auto limit = request.integer("Limit")) extra += ",\"Limit\":" + std::to_string(*limit);
    if (auto token = request.string("NextToken")) {
      auto key = common::base64_decode(*token);
      simdjson::dom::parser check;
      simdjson::dom::object o;
      if (!key || key->empty() || (*key)[0] != '{' || check.parse(*key).get(o)) {
        throw ApiError::validation("Invalid NextToken");
      }
      extra += ",\"ExclusiveStartKey\":" + *key;
    }
  }
  return extra;
}

std::string capacity_option(const Request& request) {
  std::string mode = request.return_consumed_capacity();
  return mode == "NONE" ? "" : ",\"ReturnConsumedCapacity\":\"" + mode + "\"";
}

// INSERT's refusal of a taken key, in DynamoDB's words.
ApiError duplicate_item() {
  return ApiError::duplicate_item("Duplicate primary key exists in table");
}

// EXISTS is a transaction's condition check and nothing else.
void refuse_exists(const Compiled& c) {
  if (c.kind == Compiled::Kind::Exists) {
    throw ApiError::validation("EXISTS is only supported within ExecuteTransaction");
  }
}

}  // namespace

std::string execute_statement(Engine& engine, const Request& request) {
  std::vector<simdjson::dom::element> parameters = parameters_of(request);
  Compiled c = partiql::compile(*request.string("Statement"), parameters, engine);
  refuse_exists(c);
  std::string extra = capacity_option(request);
  if (c.kind == Compiled::Kind::Select) {
    extra += read_options(request, c, true);
  } else if (auto on_failure = request.string("ReturnValuesOnConditionCheckFailure")) {
    extra += ",\"ReturnValuesOnConditionCheckFailure\":\"" + std::string(*on_failure) + "\"";
  }
  std::string storage;
  simdjson::dom::object answer;
  try {
    answer = run(engine, request, c.operation, c.members, extra, storage);
  } catch (const ApiError& e) {
    if (c.kind == Compiled::Kind::Insert && e.type().ends_with("ConditionalCheckFailedException")) {
      throw duplicate_item();
    }
    throw;
  }
  common::JsonWriter w;
  w.begin_object();
  w.key("Items");
  w.begin_array();
  simdjson::dom::element e;
  if (c.operation == "Query" || c.operation == "Scan") {
    for (auto item : simdjson::dom::array(answer["Items"])) write_item(w, item, c);
  } else if (!answer.at_key("Item").get(e)) {
    write_item(w, e, c);
  } else if (c.returning && !answer.at_key("Attributes").get(e)) {
    write_item(w, e, c);
  }
  w.end_array();
  if (!answer.at_key("LastEvaluatedKey").get(e)) {
    w.key("NextToken");
    w.string(common::base64_encode(simdjson::minify(e)));
  }
  if (!answer.at_key("ConsumedCapacity").get(e)) {
    w.key("ConsumedCapacity");
    w.raw(simdjson::minify(e));
  }
  w.end_object();
  return w.take();
}

std::string batch_execute_statement(Engine& engine, const Request& request) {
  auto statements = *request.array("Statements");  // 1 to 25 (the model stage)
  std::set<bool> kinds;
  for (auto s : statements) kinds.insert(is_read(json_string(json_object(s)["Statement"])));
  if (kinds.size() > 1) {
    throw ApiError::validation(
        "Statements in a BatchExecuteStatement must be all reads or all "
        "writes");
  }
  std::string capacity = capacity_option(request);
  common::JsonWriter w;
  w.begin_object();
  w.key("Responses");
  w.begin_array();
  for (auto s : statements) {
    Request one(json_object(s), request.context());
    w.begin_object();
    try {
      Compiled c = partiql::compile(*one.string("Statement"), parameters_of(one), engine);
      refuse_exists(c);
      w.key("TableName");
      w.string(c.table);
      std::string extra;
      if (c.kind == Compiled::Kind::Select) {
        // A read that is not one item by its whole key, with nothing else in its WHERE
        // (DynamoDB, eu-west-2, October 2026: paritysuite/dynamodb-conformance,
        // tier3/error-messages/partiqlFunctions.test.ts).
        if (c.operation != "GetItem") {
          throw ApiError::validation(
              "Select statements within BatchExecuteStatement must specify the primary key in "
              "the where clause.");
        }
        extra = read_options(one, c, false);
      } else if (auto on_failure = one.string("ReturnValuesOnConditionCheckFailure")) {
        extra = ",\"ReturnValuesOnConditionCheckFailure\":\"" + std::string(*on_failure) + "\"";
      }
      std::string storage;
      simdjson::dom::object answer;
      try {
        answer = run(engine, request, c.operation, c.members, extra, storage);
      } catch (const ApiError& e) {
        if (c.kind == Compiled::Kind::Insert &&
            e.type().ends_with("ConditionalCheckFailedException")) {
          throw duplicate_item();
        }
        throw;
      }
      simdjson::dom::element e;
      if (!answer.at_key("Item").get(e) || (c.returning && !answer.at_key("Attributes").get(e))) {
        w.key("Item");
        write_item(w, e, c);
      }
    } catch (const ApiError& e) {
      // A statement's failure is its own entry's, as DynamoDB reports it: the error's name
      // without "Exception" ("ConditionalCheckFailed", "DuplicateItem", "ValidationError").
      std::string code = e.type().substr(e.type().find('#') + 1);
      if (code.ends_with("Exception")) code.resize(code.size() - 9);
      if (code == "Validation") code = "ValidationError";
      w.key("Error");
      w.begin_object();
      w.key("Code");
      w.string(code);
      w.key("Message");
      w.string(e.message());
      if (e.item()) {
        w.key("Item");
        encode_item(w, *e.item());
      }
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  (void)capacity;
  return w.take();
}

std::string execute_transaction(Engine& engine, const Request& request) {
  auto statements = *request.array("TransactStatements");  // 1 to 100 (the model stage)
  std::vector<Compiled> compiled;
  std::set<bool> kinds;
  size_t i = 0;
  for (auto s : statements) {
    Request one(json_object(s), request.context());
    auto prefix = [&] {
      return "Validation failed in TransactStatements[" + std::to_string(i) + "]: ";
    };
    Compiled c = partiql::compile(*one.string("Statement"), parameters_of(one), engine);
    // DynamoDB's words (nubo-db/dynamodb-conformance, tier3 partiql.test.ts).
    if (c.returning) {
      throw ApiError::validation(prefix() +
                                 "RETURNING clause is not supported in ExecuteTransaction.");
    }
    if (c.on_index) {
      throw ApiError::validation(prefix() +
                                 "Reads on indices are not supported within transactions.");
    }
    // A check that the item merely exists is refused (DynamoDB, eu-west-2, October 2026:
    // paritysuite/dynamodb-conformance, tier3/error-messages/partiqlFunctions.test.ts).
    if (c.kind == Compiled::Kind::Exists && !c.condition_beyond_key) {
      throw ApiError::validation(
          prefix() + "EXISTS() must contain a single item read with additional condition");
    }
    if (c.kind == Compiled::Kind::Select && c.operation != "GetItem") {
      throw ApiError::validation(prefix() +
                                 "Select statements within ExecuteTransaction must specify the "
                                 "primary key in the where clause.");
    }
    kinds.insert(c.kind == Compiled::Kind::Select);
    compiled.push_back(std::move(c));
    ++i;
  }
  if (kinds.size() > 1) {
    throw ApiError::validation("Transaction must contain either all reads or all writes");
  }
  bool reads = *kinds.begin();
  std::string body = "\"TransactItems\":[";
  for (size_t k = 0; k < compiled.size(); ++k) {
    const Compiled& c = compiled[k];
    const char* action = reads                              ? "Get"
                         : c.kind == Compiled::Kind::Insert ? "Put"
                         : c.kind == Compiled::Kind::Update ? "Update"
                         : c.kind == Compiled::Kind::Exists ? "ConditionCheck"
                                                            : "Delete";
    body += std::string(k ? "," : "") + "{\"" + action + "\":{" + c.members + "}}";
  }
  body += "]";
  if (auto token = request.string("ClientRequestToken")) {
    common::JsonWriter t;
    t.string(*token);
    body += ",\"ClientRequestToken\":" + t.take();
  }
  body += capacity_option(request);
  std::string storage;
  simdjson::dom::object answer;
  try {
    answer =
        run(engine, request, reads ? "TransactGetItems" : "TransactWriteItems", body, "", storage);
  } catch (const ApiError& e) {
    if (e.cancellation_reasons().empty()) throw;
    // An INSERT whose key is taken is cancelled as a duplicate, not a failed condition.
    std::vector<CancellationReason> reasons = e.cancellation_reasons();
    for (size_t k = 0; k < reasons.size(); ++k) {
      if (compiled[k].kind == Compiled::Kind::Insert &&
          reasons[k].code == "ConditionalCheckFailed") {
        reasons[k].code = "DuplicateItem";
        reasons[k].message = "Duplicate primary key exists in table";
        reasons[k].item.reset();
      }
    }
    throw ApiError::transaction_canceled(std::move(reasons));
  }
  common::JsonWriter w;
  w.begin_object();
  simdjson::dom::element e;
  // Reads answer an entry per statement; writes an empty list, not none (eu-west-2, us-east-1,
  // eu-west-1, us-west-2, October 2026: paritysuite/dynamodb-conformance,
  // tier2/partiql/writeResponses.test.ts).
  w.key("Responses");
  w.begin_array();
  if (reads) {
    size_t k = 0;
    for (auto r : simdjson::dom::array(answer["Responses"])) {
      w.begin_object();
      if (!r.at_key("Item").get(e)) {
        w.key("Item");
        write_item(w, e, compiled[k]);
      }
      w.end_object();
      ++k;
    }
  }
  w.end_array();
  if (!answer.at_key("ConsumedCapacity").get(e)) {
    w.key("ConsumedCapacity");
    w.raw(simdjson::minify(e));
  }
  w.end_object();
  return w.take();
}

}  // namespace ddb
