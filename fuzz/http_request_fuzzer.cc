// libFuzzer target: bytes from a client through the server's request reading (RequestParser),
// delivered in pieces whose size the input's first byte chooses, into one RequestData reused
// for every request the bytes hold, as a connection reuses it. Every input is read twice, by
// the parser as the server runs it (its own scan for a plain head, Beast for the rest) and by
// Beast alone, and the two readings must agree on everything: each request's method, target,
// version, kept headers, every header, body, keep-alive and length, which error ended the
// reading and where. Reading must end in a request or an error (ASan and UBSan watching every
// byte it keeps); a request it reads must have a method and header names that are pieces of the
// bytes sent, header values with no line break in them (Beast unfolds an obs-fold into
// spaces), and a body read by Content-Length of that length.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "net/request_parser.h"

namespace {

const net::WantedHeaders& wanted() {
  static const net::WantedHeaders headers({"X-Amz-Target", "Content-Encoding"});
  return headers;
}

// Appends what a reading produced, for the two readings to be compared.
void record(std::string& out, const net::RequestData& request, const net::RequestParser& parser) {
  auto field = [&out](std::string_view text, bool present = true) {
    out += present ? std::to_string(text.size()) : std::string("-");
    out += ':';
    out.append(text.data(), text.size());
  };
  field(request.method_string);
  out += std::to_string(static_cast<int>(request.method)) + "/" + std::to_string(request.version);
  field(request.target);
  field(request.body);
  for (size_t which = 0; which < net::RequestData::kFirstWanted + wanted().count; ++which) {
    auto value = request.header(which);
    field(value, value.data() != nullptr);
  }
  for (const auto& [name, value] : request.all_headers) {
    field(name);
    field(value);
  }
  if (parser.is_header_done()) {
    out += parser.keep_alive() ? "K" : "C";
    auto length = parser.content_length();
    out += length ? std::to_string(*length) : "none";
  }
  out += '\n';
}

// Reads `input` as a connection would, recording each request or the error that ended it.
std::string read_all(uint8_t mode, const std::string& input, bool fast) {
  // Pieces of 1 to 3,970 bytes: a head in many reads (Beast's) or whole in one (the fast path).
  const size_t step = 1 + (mode % 64) * (mode % 64);
  const bool collect_all = (mode & 0x80) != 0;
  std::string transcript;
  net::RequestData request;
  std::string pending;
  size_t at = 0;
  for (int requests = 0; requests < 8; ++requests) {
    net::RequestParser parser(request, wanted(), collect_all, fast);
    parser.body_limit(1 << 16);
    parser.header_limit(1 << 12);
    for (;;) {
      boost::beast::error_code ec;
      size_t used = parser.put(boost::asio::buffer(pending), ec);
      transcript += std::to_string(used) + " ";
      pending.erase(0, used);
      if (ec == boost::beast::http::error::need_more || (!ec && used == 0 && !parser.is_done())) {
        if (at >= input.size()) {  // the bytes ran out mid-request
          record(transcript, request, parser);
          return transcript + "end";
        }
        pending += input.substr(at, step);
        at += step;
        continue;
      }
      if (ec) return transcript + "error " + ec.message();  // answered and closed
      if (parser.is_done()) break;
    }
    if (request.method_string.empty() || input.find(request.method_string) == std::string::npos)
      std::abort();
    for (size_t which = 0; which < net::RequestData::kFirstWanted + wanted().count; ++which) {
      if (request.header(which).find_first_of("\r\n") != std::string_view::npos) std::abort();
    }
    for (const auto& [name, value] : request.all_headers) {
      if (input.find(name) == std::string::npos) std::abort();
      if (value.find_first_of("\r\n") != std::string::npos) std::abort();
    }
    if (auto length = parser.content_length(); length && request.body.size() != *length) {
      std::abort();
    }
    record(transcript, request, parser);
  }
  return transcript;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  if (read_all(data[0], input, true) != read_all(data[0], input, false)) std::abort();
  return 0;
}
