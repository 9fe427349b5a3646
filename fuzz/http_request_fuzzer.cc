// libFuzzer target: bytes from a client through the server's request reading (RequestParser),
// delivered in pieces whose sizes the input's first byte chooses, into one RequestData reused
// for every request the bytes hold, as a connection reuses it. Reading must end in a request or
// an error (ASan and UBSan watching every byte it keeps); a request it reads must have a method
// and header names that are pieces of the bytes sent, header values with no line break in them
// (Beast unfolds an obs-fold into spaces), and a body read by Content-Length of that length.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "net/request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 64;
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  static const net::WantedHeaders wanted({"X-Amz-Target", "Content-Encoding"});
  net::RequestData request;
  std::string pending;
  size_t at = 0;
  for (int requests = 0; requests < 8; ++requests) {
    net::RequestParser parser(request, wanted, (data[0] & 0x80) != 0);
    parser.eager(true);
    parser.body_limit(1 << 16);
    parser.header_limit(1 << 12);
    for (;;) {
      boost::beast::error_code ec;
      size_t used = parser.put(boost::asio::buffer(pending), ec);
      pending.erase(0, used);
      if (ec == boost::beast::http::error::need_more || (!ec && used == 0 && !parser.is_done())) {
        if (at >= input.size()) return 0;  // the bytes ran out mid-request
        pending += input.substr(at, step);
        at += step;
        continue;
      }
      if (ec) return 0;  // refused: the connection would be answered and closed
      if (parser.is_done()) break;
    }
    if (request.method_string.empty() || input.find(request.method_string) == std::string::npos)
      std::abort();
    for (size_t which = 0; which < net::RequestData::kFirstWanted + wanted.count; ++which) {
      if (request.header(which).find_first_of("\r\n") != std::string_view::npos) std::abort();
    }
    for (const auto& [name, value] : request.all_headers) {
      if (input.find(name) == std::string::npos) std::abort();
      if (value.find_first_of("\r\n") != std::string::npos) std::abort();
    }
    if (auto length = parser.content_length(); length && request.body.size() != *length) {
      std::abort();
    }
  }
  return 0;
}
