// RequestParser: reads one HTTP/1.1 request into a RequestData the connection keeps, for the
// server's sessions (http_server.cc). Beast's basic_parser does the reading and enforces the
// limits (header size, body size, framing, keep-alive); this keeps only what the server answers
// by: the request line, the body and the first value of each header it asks for.
//
// Beast's own request_parser stores every header in a set of its own, one allocation and a
// case-insensitive insert each, and a new body string each request. A RequestData is reused
// from one request to the next: once its strings have grown to fit, reading a request
// allocates nothing (a body's buffer over 1 MB is let go rather than kept). Not thread-safe; a
// session reads on one thread.
#pragma once

#include <array>
#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>
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

// The headers a handler wants, by beast's name for each (field::unknown: compared as text).
struct WantedHeaders {
  std::array<boost::beast::http::field, RequestData::kMaxWanted> fields{};
  std::array<std::string, RequestData::kMaxWanted> names;
  size_t count = 0;

  explicit WantedHeaders(const std::vector<std::string>& wanted);
};

class RequestParser : public boost::beast::http::basic_parser<true> {
 public:
  // Clears `data` and reads the next request into it. `wanted` and `data` must outlive the
  // parser; `collect_all` keeps every header in data.all_headers.
  RequestParser(RequestData& data, const WantedHeaders& wanted, bool collect_all);

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_string,
                       string_view target, int version, error_code& ec) override;
  void on_response_impl(int status, string_view reason, int version, error_code& ec) override;
  void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code& ec) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t size, string_view extensions, error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
  void on_finish_impl(error_code& ec) override;

  void keep(size_t which, string_view value);

  RequestData& data_;
  const WantedHeaders& wanted_;
  bool collect_all_;
};

}  // namespace net
