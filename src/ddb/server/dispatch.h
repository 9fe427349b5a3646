// DynamoDB's HTTP front: one request in, one response out — routing by X-Amz-Target, JSON
// parsing, the operation, DynamoDB's error bodies, and the headers DynamoDB puts on every
// answer (x-amzn-RequestId, x-amz-crc32) — on the neutral HTTP listener of src/net.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ddb/error.h"
#include "ddb/storage/engine.h"
#include "net/http_server.h"
#include "net/http_types.h"

namespace ddb {

class Authenticator;

// Sets what DynamoDB's front needs from the listener: the X-Amz-Target header, the 16 MB body
// limit and its RequestEntityTooLargeException, the x-amzn-RequestId and x-amz-crc32 headers,
// and the headers a browser may read (CORS). dispatch() expects a listener set up so.
void configure_front(net::ServerOptions& options);

// Thread-safe: each thread keeps its own JSON parser. With an authenticator, every request
// but the health check must carry a valid SigV4 signature.
net::HttpReply dispatch(Engine& engine, const net::HttpRequestView& request,
                        const Authenticator* authenticator = nullptr);

// The listener's before_replies: commits the writes of the requests just handled (the
// handler's thread holds its commits); if the log cannot be written, the 500 every one of
// them gets instead, since none may be acknowledged.
std::optional<net::HttpReply> commit_replies(Engine& engine);

// The error response DynamoDB sends for `error`: its status, and a body with `__type`,
// `message` and the members the error carries (Item, CancellationReasons).
net::HttpReply error_reply(const ApiError& error);

// The region named in a SigV4 Authorization header's credential scope, or "" if none.
std::string region_of(std::string_view authorization);

}  // namespace ddb
