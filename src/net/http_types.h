// The request and reply that the HTTP front hands to a handler and takes back: plain views of
// one HTTP/1.1 exchange, independent of the HTTP library and of what is served.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace net {

struct HttpRequestView {
  std::string_view method;
  std::string_view authorization;  // Authorization
  std::string_view body;
  std::string_view host;   // Host
  std::string_view path;   // the request target without its query
  std::string_view query;  // the query, without '?'
  // Every header, when the server was asked to collect them (ServerOptions::collect_headers).
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
  std::string_view if_none_match;    // If-None-Match, for the validators of static files
  std::string_view accept_encoding;  // Accept-Encoding, for compressed static files
  // The values of the headers named in ServerOptions::wanted_headers, in that order ("" when
  // absent). Cheaper than collecting every header.
  std::array<std::string_view, 4> wanted;
};

// The rest of a reply whose body is written as it comes (Server-Sent Events): held by whoever
// produces it, written to from any thread, and never blocking the writer. No I/O thread waits on
// it: the bytes are queued and sent by the connection's own thread.
class ReplyStream {
 public:
  virtual ~ReplyStream() = default;
  // Queues `data` for the client. Returns false, queuing nothing, once the stream is closed: by
  // close(), by the client going away, or because the client is too slow (more than the server's
  // ServerOptions::max_stream_backlog bytes were waiting for it, which closes the stream).
  virtual bool write(std::string data) = 0;
  // Ends the reply once what is queued is sent, then closes the connection. Idempotent.
  virtual void close() = 0;
  virtual bool closed() const = 0;
};

struct HttpReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // further response headers
  // When set, the reply is a stream: the head goes out without a length (the body chunked in
  // HTTP/1.1, ended by closing the connection in HTTP/1.0), `body` as its first bytes, and then
  // `open_stream` is called on the I/O thread with the stream that writes the rest. The
  // connection answers nothing else after it; compression and ServerOptions::add_headers do not
  // apply.
  std::function<void(std::shared_ptr<ReplyStream>)> open_stream;
};

}  // namespace net
