// RequestParser: reads one HTTP/1.1 request into a RequestData the connection keeps, for the
// server's sessions (http_server.cc). It keeps only what the server answers by: the request
// line, the body and the first value of each header it asks for.
//
// Two readers, one result. A request whose head arrives whole and keeps to the plain form the
// SDKs send (HTTP/1.1; token method; one line a header; no Upgrade or Transfer-Encoding; a
// Connection of "keep-alive" or "close" alone, as Node's agent, Java's client and browsers send
// it; at most one Content-Length of digits) is read by a scan of its own here.
// Anything else (a head in pieces, HTTP/1.0, obs-fold, chunked bodies, a malformed request) goes
// to Beast's basic_parser from its first byte, which also enforces the limits and names the
// errors. Both fill RequestData the same way: the differential fuzz target
// (fuzz/http_request_fuzzer.cc) reads every input both ways and aborts where they differ.
//
// Beast's own request_parser stores every header in a set of its own, one allocation and a
// case-insensitive insert each, and a new body string each request. A RequestData is reused
// from one request to the next: once its strings have grown to fit, reading a request
// allocates nothing (a body's buffer over 1 MB is let go rather than kept). Not thread-safe; a
// session reads on one thread.
#pragma once

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/verb.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace net {

// What a request carried; valid until the next request is read into it.
class RequestData {
 public:
  // The headers the server itself reads, then up to kMaxWanted its handler asked for.
  enum Header : size_t {
    kAuthorization,
    kHost,
    kIfNoneMatch,
    kAcceptEncoding,
    kOrigin,
    kExpect,
    kCorsRequestMethod,   // Access-Control-Request-Method
    kCorsRequestHeaders,  // Access-Control-Request-Headers
    kFirstWanted,
  };
  static constexpr size_t kMaxWanted = 4;

  // The first value of a header, or a view with no data when the request had none (an empty
  // value is an empty view that has data).
  std::string_view header(size_t which) const;

  boost::beast::http::verb method = boost::beast::http::verb::unknown;
  std::string method_string;
  std::string target;
  unsigned version = 11;
  std::string body;
  // Every header as sent, in order, when the parser was asked to collect them.
  std::vector<std::pair<std::string, std::string>> all_headers;

 private:
  friend class RequestParser;
  static constexpr uint32_t kAbsent = UINT32_MAX;
  static constexpr size_t kKeptBodyBytes = 1 << 20;
  void clear();

  std::string values_;  // the kept headers' values, one after another
  std::array<std::pair<uint32_t, uint32_t>, kFirstWanted + kMaxWanted> spans_{};  // offset, size
};

// The headers a handler wants, by name (compared without regard to case); the first kMaxWanted.
struct WantedHeaders {
  std::array<std::string, RequestData::kMaxWanted> names;  // lowercase
  size_t count = 0;

  explicit WantedHeaders(const std::vector<std::string>& wanted);
};

class RequestParser {
 public:
  // Clears `data` and reads the next request into it. `wanted` and `data` must outlive the
  // parser; `collect_all` keeps every header in data.all_headers. `fast` false reads by Beast
  // alone (the fuzz target's reference).
  RequestParser(RequestData& data, const WantedHeaders& wanted, bool collect_all, bool fast = true);
  ~RequestParser();
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Beast's limits, set before the first put: the request line and headers together (Beast's
  // default 8 KB), and the body (default 1 MB). Past them put fails with
  // http::error::header_limit or body_limit.
  void header_limit(size_t bytes) { header_limit_ = bytes; }
  void body_limit(uint64_t bytes) { body_limit_ = bytes; }

  // Reads from `buffer` and returns how many of its bytes were used, as Beast's
  // basic_parser::put reads eagerly: the whole request if it is there, never past its end.
  // ec is http::error::need_more when the bytes end within the request's head, another Beast
  // error when the request is refused.
  size_t put(boost::asio::const_buffer buffer, boost::beast::error_code& ec);

  bool is_header_done() const;
  bool is_done() const;
  // After the header: the body's length as the request gave it, what is left of it to read,
  // and whether the connection stays open after the reply.
  std::optional<uint64_t> content_length() const;
  std::optional<uint64_t> content_length_remaining() const;
  bool keep_alive() const;

 private:
  class BeastReader;
  enum class State { kHead, kBody, kDone, kBeast };

  size_t read_whole_head(const char* bytes, size_t size);
  const char* read_fields(const char* at, const char* end);
  size_t read_body(const char* bytes, size_t size);
  size_t hand_to_beast(boost::asio::const_buffer buffer, boost::beast::error_code& ec);
  void take(std::string_view name, std::string_view value);

  RequestData& data_;
  const WantedHeaders& wanted_;
  bool collect_all_;
  bool fast_;
  State state_ = State::kHead;
  size_t header_limit_ = 8 * 1024;
  uint64_t body_limit_ = 1 << 20;
  std::optional<uint64_t> length_;  // Content-Length, when the fast path read the head
  bool close_ = false;              // Connection: close, when the fast path read the head
  uint64_t remaining_ = 0;          // of the body, on the fast path
  std::unique_ptr<BeastReader> beast_;
};

}  // namespace net
