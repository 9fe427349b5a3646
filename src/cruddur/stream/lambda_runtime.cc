#include "cruddur/stream/lambda_runtime.h"

#include <curl/curl.h>

#include <iostream>

#include "common/json_writer.h"

namespace cruddur {

namespace {

size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t header_line(char* data, size_t size, size_t count, void* out) {
  std::string line(data, size * count);
  constexpr std::string_view kName = "lambda-runtime-aws-request-id:";
  if (line.size() > kName.size()) {
    std::string lower = line.substr(0, kName.size());
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kName) {
      std::string value = line.substr(kName.size());
      size_t begin = value.find_first_not_of(" \t");
      size_t end = value.find_last_not_of(" \t\r\n");
      *static_cast<std::string*>(out) =
          begin == std::string::npos ? "" : value.substr(begin, end - begin + 1);
    }
  }
  return size * count;
}

// One HTTP exchange with the Runtime API; returns the status (0 when it cannot be reached).
long exchange(CURL* curl, const std::string& url, const std::string* body, std::string* answer,
              std::string* request_id) {
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, answer);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (request_id) {
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_line);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, request_id);
  }
  curl_slist* headers = nullptr;
  if (body) {
    headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  }
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  long status = 0;
  if (code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

}  // namespace

size_t run_lambda_runtime(const std::string& runtime_api, InboxUpdater& updater,
                          size_t max_invocations) {
  std::string base = "http://" + runtime_api + "/2018-06-01/runtime/invocation/";
  CURL* curl = curl_easy_init();
  size_t handled = 0;
  simdjson::dom::parser parser;
  while (curl && (max_invocations == 0 || handled < max_invocations)) {
    std::string event, request_id;
    if (exchange(curl, base + "next", nullptr, &event, &request_id) != 200 || request_id.empty()) {
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
      exchange(curl, base + request_id + "/response", &reply, &answer, nullptr);
    } catch (const std::exception& e) {
      common::JsonWriter w;
      w.begin_object();
      w.key("errorMessage");
      w.string(e.what());
      w.key("errorType");
      w.string("InvalidEvent");
      w.end_object();
      reply = w.take();
      exchange(curl, base + request_id + "/error", &reply, &answer, nullptr);
    }
    ++handled;
  }
  if (curl) curl_easy_cleanup(curl);
  return handled;
}

}  // namespace cruddur
