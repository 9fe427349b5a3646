#include "cruddur/stream/lambda_runtime.h"

#include <iostream>

#include "common/json_writer.h"
#include "net/http_client.h"

namespace cruddur {

namespace {

// One HTTP exchange with the Runtime API (a POST when `body` is given); returns the status, 0
// when it cannot be reached.
long exchange(net::HttpClient& http, const std::string& url, const std::string* body,
              std::string* answer, std::string* request_id) {
  net::HttpRequest request;
  request.url = url;
  if (body) {
    request.method = "POST";
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = *body;
  }
  if (request_id) request.wanted_headers = {"Lambda-Runtime-Aws-Request-Id"};
  try {
    net::HttpResponse response = http.send(request);
    *answer = std::move(response.body);
    if (request_id) *request_id = response.header("Lambda-Runtime-Aws-Request-Id");
    return response.status;
  } catch (const net::HttpError&) {
    return 0;
  }
}

}  // namespace

size_t run_lambda_runtime(const std::string& runtime_api, InboxUpdater& updater,
                          size_t max_invocations) {
  std::string base = "http://" + runtime_api + "/2018-06-01/runtime/invocation/";
  net::HttpClient http;
  size_t handled = 0;
  simdjson::dom::parser parser;
  while ((max_invocations == 0 || handled < max_invocations)) {
    std::string event, request_id;
    if (exchange(http, base + "next", nullptr, &event, &request_id) != 200 || request_id.empty()) {
      break;
    }
    std::string answer, reply;
    try {
      simdjson::dom::array records;
      if (parser.parse(event)["Records"].get(records)) {
        throw std::runtime_error("the event has no Records");
      }
      // The whole batch is handled at once; if that fails, every record is reported failed so
      // Lambda retries the batch (the updater is idempotent).
      common::JsonWriter w;
      w.begin_object();
      w.key("batchItemFailures");
      w.begin_array();
      try {
        updater.handle_batch(records);
      } catch (const std::exception& e) {
        std::cerr << "inbox update failed: " << e.what() << "\n";
        for (simdjson::dom::element record : records) {
          std::string_view sequence;
          if (record["dynamodb"]["SequenceNumber"].get(sequence)) continue;
          w.begin_object();
          w.key("itemIdentifier");
          w.string(sequence);
          w.end_object();
        }
      }
      w.end_array();
      w.end_object();
      reply = w.take();
      exchange(http, base + request_id + "/response", &reply, &answer, nullptr);
    } catch (const std::exception& e) {
      common::JsonWriter w;
      w.begin_object();
      w.key("errorMessage");
      w.string(e.what());
      w.key("errorType");
      w.string("InvalidEvent");
      w.end_object();
      reply = w.take();
      exchange(http, base + request_id + "/error", &reply, &answer, nullptr);
    }
    ++handled;
  }
  return handled;
}

}  // namespace cruddur
