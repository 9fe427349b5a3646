// HttpServer: the listener in front of the engine — HTTP/1.1 with keep-alive on Boost.Beast,
// one io_context served by `threads` threads; operations run on the I/O thread that read them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ddb/server/auth.h"
#include "ddb/storage/engine.h"

namespace ddb {

struct ServerOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 8000;
  unsigned threads = 0;  // 0: one per core
  bool cors = false;
  const Authenticator* authenticator = nullptr;  // verify SigV4 on every request when set
};

class HttpServer {
 public:
  HttpServer(Engine& engine, const ServerOptions& options);
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
