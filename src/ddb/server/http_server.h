// HttpServer: the listener in front of the engine — HTTP/1.1 with keep-alive on Boost.Beast,
// one io_context served by `threads` threads; operations run on the I/O thread that read them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "ddb/server/http_types.h"

namespace ddb {

struct ServerOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 8000;
  unsigned threads = 0;  // 0: one per core
  // CORS: "" answers no browser preflight; "*" allows any origin; else the one origin allowed.
  std::string cors_origin;
  bool collect_headers = false;  // hand every header to the handler (costs an allocation each)
};

// Answers one request; called on an I/O thread, concurrently from several.
using RequestHandler = std::function<HttpReply(const HttpRequestView&)>;

class HttpServer {
 public:
  HttpServer(RequestHandler handler, const ServerOptions& options);
  ~HttpServer();

  // Binds the port; throws std::runtime_error if it cannot. Returns the bound port.
  uint16_t listen();
  // Serves until stop() (e.g. from a signal handler thread) is called.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ddb
