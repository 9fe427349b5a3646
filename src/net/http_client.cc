#include "net/http_client.h"

#include <curl/curl.h>

#include <algorithm>

#include "common/ascii.h"

namespace net {

namespace {

size_t append_body(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct HeaderSink {
  const std::vector<std::string>* wanted;
  std::vector<std::pair<std::string, std::string>>* found;
};

size_t header_line(char* data, size_t size, size_t count, void* out) {
  auto* sink = static_cast<HeaderSink*>(out);
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string_view name = line.substr(0, colon);
  for (const auto& want : *sink->wanted) {
    if (!common::iequals(name, want)) continue;
    std::string_view value = line.substr(colon + 1);
    size_t begin = value.find_first_not_of(" \t");
    size_t end = value.find_last_not_of(" \t\r\n");
    sink->found->emplace_back(
        want, begin == std::string_view::npos ? "" : value.substr(begin, end - begin + 1));
  }
  return size * count;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (common::iequals(n, name)) return v;
  }
  return "";
}

HttpClient::HttpClient() : curl_(curl_easy_init()) {
  if (!curl_) throw HttpError("cannot initialise libcurl");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::send(const HttpRequest& request) {
  CURL* curl = static_cast<CURL*>(curl_);
  // Reset the options of the previous request; the connection stays open.
  curl_easy_reset(curl);
  HttpResponse response;
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  if (request.method == "POST") {
    headers = curl_slist_append(headers, "expect:");  // no 100-continue round trip
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  HeaderSink sink{&request.wanted_headers, &response.headers};
  if (!request.wanted_headers.empty()) {
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_line);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &sink);
  }
  if (request.connect_timeout_ms)
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
  if (request.timeout_ms) curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) throw HttpError(curl_easy_strerror(code));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

void http_global_init() {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

std::string http_get(const std::string& url, long timeout_ms) {
  HttpClient client;
  HttpRequest request;
  request.url = url;
  request.timeout_ms = timeout_ms;
  HttpResponse response;
  try {
    response = client.send(request);
  } catch (const HttpError& e) {
    throw std::runtime_error("cannot fetch " + url + ": " + e.what());
  }
  if (response.status != 200)
    throw std::runtime_error("cannot fetch " + url + ": HTTP " + std::to_string(response.status));
  return response.body;
}

}  // namespace net
