// Compressed request bodies, as the AWS SDKs send them with request compression on:
// Content-Encoding gzip (one or more gzip members) or deflate (zlib). SigV4 signs the body as
// sent, so a body is verified first and decoded after.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ddb {

// The body decoded from `encoding` ("gzip", "deflate"; "" or "identity": as it is). Throws
// ApiError: RequestEntityTooLargeException when the decoded body would pass `limit` bytes
// (decoding stops there, so a small body that inflates enormously costs no more than `limit`),
// and — as DynamoDB answers them — InternalServerError for an encoding it does not know or a
// body that does not decode.
std::string decode_body(std::string_view encoding, std::string_view body, size_t limit);

}  // namespace ddb
