#include "ddb/server/content_encoding.h"

#include <zlib.h>

#include <algorithm>

#include "common/ascii.h"
#include "ddb/error.h"

namespace ddb {

namespace {

// DynamoDB answers an undecodable body with a 500 (pinned against DynamoDB by ScyllaDB
// Alternator's test_compressed_request.py).
[[noreturn]] void undecodable(std::string_view encoding) {
  throw ApiError::internal("The request body could not be decoded as " + std::string(encoding));
}

std::string inflate_body(std::string_view encoding, std::string_view body, int window_bits,
                         size_t limit) {
  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) undecodable(encoding);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  std::string out;
  char chunk[64 * 1024];
  int status = Z_OK;
  bool ended = false;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    out.append(chunk, sizeof chunk - stream.avail_out);
    if (out.size() > limit) {
      inflateEnd(&stream);
      throw ApiError::request_entity_too_large();
    }
    if (status == Z_STREAM_END) {
      ended = true;
      // Concatenated gzip members are one body (RFC 1952 2.2).
      if (stream.avail_in == 0) break;
      if (inflateReset(&stream) != Z_OK) break;
      ended = false;
      continue;
    }
    if (stream.avail_in == 0 && stream.avail_out != 0) break;  // truncated
  }
  inflateEnd(&stream);
  if (!ended) undecodable(encoding);
  return out;
}

}  // namespace

std::string decode_body(std::string_view encoding, std::string_view body, size_t limit) {
  if (encoding.empty() || common::iequals(encoding, "identity")) return std::string(body);
  if (common::iequals(encoding, "gzip") || common::iequals(encoding, "x-gzip")) {
    return inflate_body(encoding, body, 15 + 16, limit);
  }
  if (common::iequals(encoding, "deflate")) return inflate_body(encoding, body, 15, limit);
  undecodable(encoding);
}

}  // namespace ddb
