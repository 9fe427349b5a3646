// Api: Cruddur's HTTP API (docs/API.md), one handler for the HTTP front: /api/... routes, and a
// GET of any other path answered from the web UI's files. Every route but the user lookup needs a
// bearer token; conversations are read and written only by their members.
// Thread-safe: each I/O thread gets its own table client; the users directory is shared under a
// lock.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aws/json_client.h"
#include "cruddur/api/web_assets.h"
#include "cruddur/auth/jwt.h"
#include "cruddur/cache/inbox_cache.h"
#include "cruddur/live/event_hub.h"
#include "cruddur/store/messages.h"
#include "cruddur/store/users.h"
#include "net/http_types.h"

namespace cruddur {

struct ApiOptions {
  aws::ClientOptions client;
  std::string table = "cruddur-messages";
};

class Api {
 public:
  // `dev_issuer` (may be null) enables POST /api/dev/sign_in; `web` (may be null) serves the web
  // UI; `hub` (may be null) answers GET /api/events and is told of the messages sent and read
  // here; `cache` (may be null) answers the inbox's first page, and is told of the inbox rows
  // written here. Each must outlive the Api.
  Api(ApiOptions options, UsersDirectory& users, TokenVerifier verifier,
      const DevIssuer* dev_issuer, const WebAssets* web = nullptr, EventHub* hub = nullptr,
      InboxCache* cache = nullptr);
  // The request headers handle() reads beyond the usual ones, for net::ServerOptions.
  static std::vector<std::string> wanted_headers() { return {"Last-Event-ID"}; }

  net::HttpReply handle(const net::HttpRequestView& request);
  // The answer to a request whose body is too large for the HTTP front: 413, in the API's
  // error shape.
  static net::HttpReply body_too_large();
  // The same for a request line or headers too large: 431.
  static net::HttpReply headers_too_large();

 private:
  MessagesTable& table();
  std::optional<User> caller(const net::HttpRequestView& request);
  net::HttpReply message_groups(const User& me, const std::string& cursor);
  // POST /api/message_groups/{uuid}/read: the caller's unread count of it becomes 0.
  net::HttpReply read_group(const User& me, const std::string& group);
  net::HttpReply messages(const User& me, const std::string& group, const std::string& cursor);
  // GET /api/events: the caller's live updates (live/event_hub.h).
  net::HttpReply events(const User& me, std::string_view last_event_id);
  net::HttpReply post_message(const User& me, std::string_view body);
  net::HttpReply user_short(const std::string& handle);
  net::HttpReply dev_sign_in(std::string_view body);
  net::HttpReply web_file(const net::HttpRequestView& request) const;

  ApiOptions options_;
  UsersDirectory& users_;
  std::mutex users_mutex_;
  TokenVerifier verifier_;
  const DevIssuer* dev_issuer_;
  const WebAssets* web_;
  EventHub* hub_;
  InboxCache* cache_;
};

}  // namespace cruddur
