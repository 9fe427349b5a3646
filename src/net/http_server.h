// HttpServer: an HTTP/1.1 listener with keep-alive on Boost.Beast, one io_context per thread;
// a request's handler runs on the I/O thread that read it. It knows nothing of what it serves:
// the handler, and the hooks in ServerOptions, make every answer.
#pragma once

#include <signal.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/http_types.h"

namespace net {

// Answers one request; called on an I/O thread, concurrently from several.
using RequestHandler = std::function<HttpReply(const HttpRequestView&)>;

struct ServerOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 8000;
  unsigned threads = 0;  // 0: one per core
  size_t max_body_bytes = 16 * 1024 * 1024;
  // The answer to a request whose body passes max_body_bytes (the connection is closed after
  // it). Default: 413 with a plain-text body.
  std::function<HttpReply()> body_too_large;
  // The answer to a request line or headers too large to read (64 KB), before the connection is
  // closed. Default: 431 with a plain-text body.
  std::function<HttpReply()> headers_too_large;
  // Appends further header lines ("Name: value\r\n" each) to every response head, given the
  // reply about to be sent: for headers that depend on the final body, such as a checksum.
  std::function<void(const HttpReply&, std::string& head)> add_headers;
  // Group commit. When set, a reply made while `commit_pending` says so (or always, without
  // it) is held while the I/O thread handles the requests that arrived together; then this is
  // called once for all of them (at least one) before any goes out: a server whose handler
  // leaves its writes to be made durable in one go makes them so here. It returns nothing when
  // the replies may go, or the reply to send instead of each one (the connection closed after
  // it), e.g. when what they acknowledge could not be made durable. Called on the I/O thread;
  // must not block for long. Streamed replies (HttpReply::open_stream) are not held.
  std::function<std::optional<HttpReply>()> before_replies;
  // Whether a reply made now must wait for before_replies (say, writes it may show are not yet
  // durable); one that need not goes out at once. Called on the I/O thread for every reply.
  std::function<bool()> commit_pending;
  // Compress answers of at least this many bytes in the coding the request's Accept-Encoding
  // prefers (gzip or deflate; see content_coding.h), before add_headers sees them. 0: never.
  size_t compress_from_bytes = 0;
  // Headers whose values the handler wants (HttpRequestView::wanted); at most 4.
  std::vector<std::string> wanted_headers;
  // CORS: the origins whose requests get CORS headers and preflight answers; "*" allows any;
  // empty: no CORS at all.
  std::vector<std::string> cors_origins;
  std::string cors_expose_headers;  // Access-Control-Expose-Headers, when not empty
  bool collect_headers = false;     // hand every header to the handler (costs an allocation each)
  // A streamed reply (HttpReply::open_stream) whose client leaves more than this many bytes
  // unsent is closed: a slow client costs bounded memory.
  size_t max_stream_backlog = 1 << 20;
};

class HttpServer {
 public:
  HttpServer(RequestHandler handler, const ServerOptions& options);
  ~HttpServer();

  // Binds the port; throws std::runtime_error if it cannot. Returns the bound port.
  uint16_t listen();
  // Serves until stop() is called (from any thread) or a signal given to stop_on() arrives.
  void run();
  void stop();
  // run() returns when one of these signals arrives (read from a signalfd by the listener's
  // thread: no thread of its own). They must be blocked in every thread of the process, as
  // signalfd requires: pthread_sigmask before any thread starts. Throws std::runtime_error if
  // the signalfd cannot be made.
  void stop_on(const sigset_t& signals);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace net
