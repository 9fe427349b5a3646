// Response compression for the HTTP listener: which coding a client's Accept-Encoding asks for,
// and the compression itself (RFC 9110 8.4, 12.5.3).
#pragma once

#include <string>
#include <string_view>

namespace net {

// "gzip", "deflate", or "" (send the body as it is) for an Accept-Encoding value. The highest
// quality wins; a coding named outright beats the same quality through "*", and among those the
// one named first; through "*" alone gzip is preferred. q=0 refuses a coding, a quality above 1
// counts as 1, an unreadable one as 1, and only a parameter's first q counts. These are
// DynamoDB's answers to such headers (ScyllaDB Alternator's test_compressed_response.py pins
// them against DynamoDB).
std::string choose_content_coding(std::string_view accept_encoding);

// `body` compressed in `coding` ("gzip" or "deflate", the zlib format HTTP means by it), at zlib
// `level` (1 fastest .. 9 smallest; -1 zlib's default). Throws std::runtime_error if zlib fails.
std::string compress_body(std::string_view coding, std::string_view body, int level = -1);

}  // namespace net
