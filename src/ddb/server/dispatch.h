// dispatch(): one DynamoDB HTTP request in, one response out — routing by X-Amz-Target, JSON
// parsing, the operation, and the error body — independent of the HTTP library.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ddb/storage/engine.h"

namespace ddb {

struct HttpRequestView {
  std::string_view method;
  std::string_view target;         // X-Amz-Target
  std::string_view authorization;  // Authorization (for the region of the credential scope)
  std::string_view body;
  std::string_view host;  // Host
  // For signature verification (set only when the server verifies signatures).
  std::string_view path;   // the request target without its query
  std::string_view query;  // the query, without '?'
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
};

struct HttpReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/x-amz-json-1.0";
};

class Authenticator;

// Thread-safe: each thread keeps its own JSON parser. With an authenticator, every request
// but the health check must carry a valid SigV4 signature.
HttpReply dispatch(Engine& engine, const HttpRequestView& request,
                   const Authenticator* authenticator = nullptr);

// The error body DynamoDB sends for `type` and `message`.
HttpReply error_reply(int status, std::string_view type, std::string_view message,
                      std::string_view extra_members = {});

// The region named in a SigV4 Authorization header's credential scope, or "" if none.
std::string region_of(std::string_view authorization);

}  // namespace ddb
