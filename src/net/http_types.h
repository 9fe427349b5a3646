// The request and reply that the HTTP front hands to a handler and takes back: plain views of
// one HTTP/1.1 exchange, independent of the HTTP library and of what is served.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace net {

struct HttpRequestView {
  std::string_view method;
  std::string_view authorization;  // Authorization
  std::string_view body;
  std::string_view host;   // Host
  std::string_view path;   // the request target without its query
  std::string_view query;  // the query, without '?'
  // Every header, when the server was asked to collect them (ServerOptions::collect_headers).
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
  std::string_view if_none_match;    // If-None-Match, for the validators of static files
  std::string_view accept_encoding;  // Accept-Encoding, for compressed static files
  // The values of the headers named in ServerOptions::wanted_headers, in that order ("" when
  // absent). Cheaper than collecting every header.
  std::array<std::string_view, 4> wanted;
};

struct HttpReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // further response headers
};

}  // namespace net
