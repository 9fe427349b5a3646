// HttpClient: the one HTTP client of the project, over libcurl — for the AWS JSON APIs, a
// JWKS document, the Lambda Runtime API. Keeps its connection alive between requests. Not
// thread-safe: one client per thread. The process calls http_global_init() once before any
// thread makes one.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace net {

// The exchange itself failed: the peer could not be reached, or did not answer in time.
class HttpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpRequest {
  std::string method = "GET";  // "GET" or "POST"
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;        // POST only; must outlive the call
  long connect_timeout_ms = 0;  // 0: libcurl's default
  long timeout_ms = 0;          // the whole exchange; 0: none (a long poll)
  // Response headers to return (case-insensitive names), as HttpResponse::headers.
  std::vector<std::string> wanted_headers;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // the wanted ones that came
  // The value of a returned header, or "".
  std::string header(std::string_view name) const;
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Throws HttpError("<curl's reason>") when no answer came; any answer, whatever its status,
  // is returned.
  HttpResponse send(const HttpRequest& request);

 private:
  void* curl_;  // CURL*
};

// Initialises libcurl for the process: call once at start, before any thread makes a client.
void http_global_init();

// GET `url` and return the body of its 200 answer; std::runtime_error otherwise.
std::string http_get(const std::string& url, long timeout_ms = 5000);

}  // namespace net
