// `cruddur serve`: the HTTP API and web UI, with the stream worker beside them, until SIGINT or
// SIGTERM.
#pragma once

#include <string>

#include "cruddur/cli/settings.h"

namespace cruddur {

struct ServeOptions {
  int port = 4567;
  bool dev_auth = false;  // sign in with the development issuer instead of Cognito
  std::string cors_origin;
  bool stream_worker = true;
  // Handlers wait on the DynamoDB endpoint (milliseconds away on AWS): threads, not cores, bound
  // how many requests are in flight.
  unsigned threads = 16;
  std::string web_root;          // "": share/cruddur/web beside the binary; "none": the API only
  int heartbeat_s = 15;          // between the comments written to every /api/events stream
  size_t max_event_streams = 8;  // per user
  std::string cache = "memory";  // memory, none or redis://HOST[:PORT][/DB]
};

// Serves until a signal; throws std::runtime_error when it cannot start (sign-in settings
// missing, port taken, an explicit web root missing).
void serve(const Settings& settings, const ServeOptions& options);

}  // namespace cruddur
