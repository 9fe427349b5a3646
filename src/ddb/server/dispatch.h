// dispatch(): one DynamoDB HTTP request in, one response out — routing by X-Amz-Target, JSON
// parsing, the operation, and the error body — independent of the HTTP library.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ddb/server/http_types.h"
#include "ddb/storage/engine.h"

namespace ddb {

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
