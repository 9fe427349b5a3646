#include "cruddur/api/api.h"

#include <simdjson.h>

#include <algorithm>
#include <ctime>
#include <vector>

#include "common/json_writer.h"

namespace cruddur {

namespace {

constexpr size_t kMaxMessageChars = 1024;

net::HttpReply json_reply(int status, std::string body) {
  net::HttpReply reply;
  reply.status = status;
  reply.body = std::move(body);
  reply.content_type = "application/json";
  return reply;
}

net::HttpReply error(int status, std::string_view message) {
  common::JsonWriter w;
  w.begin_object();
  w.key("error");
  w.string(message);
  w.end_object();
  return json_reply(status, w.take());
}

net::HttpReply unprocessable(const std::vector<std::string>& codes) {
  common::JsonWriter w;
  w.begin_array();
  for (const auto& c : codes) w.string(c);
  w.end_array();
  return json_reply(422, w.take());
}

std::string query_parameter(std::string_view query, std::string_view name) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(start, end - start);
    size_t eq = part.find('=');
    if (part.substr(0, eq) == name && eq != std::string_view::npos) {
      return std::string(part.substr(eq + 1));
    }
    start = end + 1;
  }
  return "";
}

std::string trim(std::string_view text) {
  const char* space = " \t\r\n\f\v";
  size_t begin = text.find_first_not_of(space);
  if (begin == std::string_view::npos) return "";
  return std::string(text.substr(begin, text.find_last_not_of(space) - begin + 1));
}

// The code points of valid UTF-8 (simdjson has validated every string of the request).
std::vector<char32_t> decode_utf8(std::string_view utf8) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < utf8.size();) {
    auto byte = static_cast<unsigned char>(utf8[i]);
    int length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? byte : byte & (0x7F >> length);
    for (int k = 1; k < length && i + k < utf8.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    out.push_back(c);
    i += length;
  }
  return out;
}

// Unicode's White_Space, and the invisible format characters that show nothing (zero-width
// space and joiners, word joiner, BOM, soft hyphen, directional marks and isolates): a message
// of only these is blank.
bool invisible(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0xAD ||
         c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200F) || c == 0x2028 || c == 0x2029 ||
         (c >= 0x202A && c <= 0x202F) || c == 0x205F || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x3000 || c == 0xFEFF;
}

// Control characters other than newline and tab (C0, DEL, C1) have no place in a message.
bool forbidden_control(char32_t c) {
  return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F);
}

// A message, or with `inbox` an inbox row, which also says who sent its last message (null for
// a row written before the table recorded it).
void write_row(common::JsonWriter& w, const Row& row, bool inbox) {
  w.begin_object();
  for (auto [name, value] :
       {std::pair{"uuid", &row.uuid}, std::pair{"display_name", &row.display_name},
        std::pair{"handle", &row.handle}, std::pair{"message", &row.message},
        std::pair{"created_at", &row.created_at}}) {
    w.key(name);
    w.string(*value);
  }
  if (inbox) {
    w.key("last_sender_handle");
    if (row.last_sender_handle.empty())
      w.null();
    else
      w.string(row.last_sender_handle);
    w.key("unread");
    w.number(row.unread);
  }
  w.end_object();
}

net::HttpReply rows_reply(const std::vector<Row>& rows, const std::string& cursor, bool inbox) {
  common::JsonWriter w;
  w.begin_array();
  for (const auto& row : rows) write_row(w, row, inbox);
  w.end_array();
  net::HttpReply reply = json_reply(200, w.take());
  // The next page, for ?cursor=: a header, so the body keeps the original client's shape.
  if (!cursor.empty()) reply.headers.emplace_back("X-Next-Cursor", cursor);
  return reply;
}

}  // namespace

Api::Api(ApiOptions options, UsersDirectory& users, TokenVerifier verifier,
         const DevIssuer* dev_issuer, const WebAssets* web, EventHub* hub, InboxCache* cache)
    : options_(std::move(options)),
      users_(users),
      verifier_(std::move(verifier)),
      dev_issuer_(dev_issuer),
      web_(web),
      hub_(hub),
      cache_(cache) {}

net::HttpReply Api::body_too_large() {
  return error(413, "request body too large");
}

net::HttpReply Api::headers_too_large() {
  return error(431, "request headers too large");
}

MessagesTable& Api::table() {
  // Each I/O thread keeps its own client (a connection to the endpoint) and table.
  thread_local std::unique_ptr<aws::JsonClient> client;
  thread_local std::unique_ptr<MessagesTable> table;
  if (!table) {
    client = std::make_unique<aws::JsonClient>(options_.client);
    table = std::make_unique<MessagesTable>(*client, options_.table);
  }
  return *table;
}

std::optional<User> Api::caller(const net::HttpRequestView& request) {
  std::string_view header = request.authorization;
  if (header.substr(0, 7) != "Bearer ") return std::nullopt;
  try {
    TokenClaims claims = verifier_.verify(std::string(header.substr(7)), std::time(nullptr));
    std::lock_guard lock(users_mutex_);
    return users_.find_by_cognito_user_id(claims.sub);
  } catch (const InvalidToken&) {
    return std::nullopt;
  }
}

net::HttpReply Api::handle(const net::HttpRequestView& request) {
  try {
    std::string_view path = request.path;
    if (web_ && path.rfind("/api/", 0) != 0) return web_file(request);
    if (request.method == "GET" && path.rfind("/api/users/@", 0) == 0 && path.size() > 18 &&
        path.substr(path.size() - 6) == "/short") {
      return user_short(std::string(path.substr(12, path.size() - 18)));
    }
    if (request.method == "POST" && path == "/api/dev/sign_in" && dev_issuer_) {
      return dev_sign_in(request.body);
    }
    // POST /api/message_groups/{uuid}/read
    constexpr std::string_view kGroups = "/api/message_groups/", kRead = "/read";
    bool mark_read = request.method == "POST" && path.rfind(kGroups, 0) == 0 &&
                     path.size() > kGroups.size() + kRead.size() && path.ends_with(kRead);
    bool events = request.method == "GET" && path == "/api/events" && hub_;
    bool known = (request.method == "GET" &&
                  (path == "/api/message_groups" || path.rfind("/api/messages/", 0) == 0)) ||
                 events || (request.method == "POST" && path == "/api/messages") || mark_read;
    if (!known) return error(404, "not found");
    std::optional<User> me = caller(request);
    if (!me) return error(401, "a valid access token is required");
    if (events) return this->events(*me, request.wanted[0]);
    std::string cursor = query_parameter(request.query, "cursor");
    if (path == "/api/message_groups") return message_groups(*me, cursor);
    if (mark_read) {
      return read_group(*me, std::string(path.substr(kGroups.size(),
                                                     path.size() - kGroups.size() - kRead.size())));
    }
    if (request.method == "GET") {
      return messages(*me, std::string(path.substr(std::string_view("/api/messages/").size())),
                      cursor);
    }
    return post_message(*me, request.body);
  } catch (const std::invalid_argument&) {
    return error(400, "invalid cursor");
  } catch (const aws::AwsError& e) {
    return error(503, std::string("the messages table is unavailable: ") + e.what());
  } catch (const std::exception& e) {
    return error(500, e.what());
  }
}

// The web UI's files answer GET and HEAD (the server sends a HEAD's head alone), in plain text
// when they cannot.
net::HttpReply Api::web_file(const net::HttpRequestView& request) const {
  bool readable = request.method == "GET" || request.method == "HEAD";
  if (readable) {
    if (auto file = web_->serve(request)) return std::move(*file);
  }
  net::HttpReply reply;
  reply.content_type = "text/plain; charset=utf-8";
  reply.status = readable ? 404 : 405;
  reply.body = readable ? "not found\n" : "method not allowed\n";
  if (!readable) reply.headers.emplace_back("Allow", "GET, HEAD");
  return reply;
}

// The first page comes from the cache when it holds it (X-Cache: hit), else from DynamoDB, and
// is then held (X-Cache: miss). Later pages are always read.
net::HttpReply Api::message_groups(const User& me, const std::string& cursor) {
  InboxCache::Lookup cached;
  if (cache_ && cursor.empty()) {
    cached = cache_->get(me.uuid);
    if (cached.page) {
      net::HttpReply reply = json_reply(200, std::move(cached.page->body));
      if (!cached.page->cursor.empty())
        reply.headers.emplace_back("X-Next-Cursor", cached.page->cursor);
      reply.headers.emplace_back("X-Cache", "hit");
      return reply;
    }
  }
  Page page = table().inbox(me.uuid, cursor);
  net::HttpReply reply = rows_reply(page.rows, page.cursor, true);
  if (cached.version) {
    cache_->put(me.uuid, *cached.version, {reply.body, page.cursor});
    reply.headers.emplace_back("X-Cache", "miss");
  }
  return reply;
}

net::HttpReply Api::read_group(const User& me, const std::string& group) {
  switch (table().mark_read(group, me.uuid)) {
    case MarkRead::kNoConversation:
      return error(404, "no such conversation");
    case MarkRead::kNotMember:
      return error(403, "not a member of this conversation");
    default: {
      if (cache_) cache_->invalidate(me.uuid);
      if (hub_ && hub_->watching(me.uuid)) {
        hub_->unread(me.uuid, group, 0, table().total_unread(me.uuid));
      }
      net::HttpReply reply;
      reply.status = 204;
      return reply;
    }
  }
}

net::HttpReply Api::messages(const User& me, const std::string& group, const std::string& cursor) {
  std::vector<Row> members = table().members(group);
  if (members.empty()) return error(404, "no such conversation");
  if (std::none_of(members.begin(), members.end(),
                   [&](const Row& r) { return r.owner == me.uuid; })) {
    return error(403, "not a member of this conversation");
  }
  Page page = table().messages(group, cursor);
  std::reverse(page.rows.begin(), page.rows.end());  // oldest to newest
  return rows_reply(page.rows, page.cursor, false);
}

net::HttpReply Api::events(const User& me, std::string_view last_event_id) {
  if (!hub_->has_room(me.uuid)) return error(429, "too many open event streams for this user");
  net::HttpReply reply;
  reply.content_type = "text/event-stream";
  // Not to be cached, nor buffered by a proxy in front.
  reply.headers = {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
  reply.open_stream = [hub = hub_, user = me.uuid,
                       last = std::string(last_event_id)](std::shared_ptr<net::ReplyStream> s) {
    hub->subscribe(user, std::move(s), last);
  };
  return reply;
}

net::HttpReply Api::post_message(const User& me, std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(body.data(), body.size()).get(o))
    return error(400, "the body is not a JSON object");
  std::string_view message_raw, group_raw, handle_raw;
  bool has_message = !o["message"].get(message_raw);
  bool has_group = !o["message_group_uuid"].get(group_raw);
  bool has_handle = !o["handle"].get(handle_raw);
  std::string message = trim(has_message ? message_raw : "");
  std::string group = trim(has_group ? group_raw : "");
  std::string handle = trim(has_handle ? handle_raw : "");
  std::vector<std::string> codes;
  std::vector<char32_t> characters = decode_utf8(message);
  if (std::all_of(characters.begin(), characters.end(), invisible)) {
    codes.push_back("message_blank");
  }
  if (std::any_of(characters.begin(), characters.end(), forbidden_control)) {
    codes.push_back("message_invalid_characters");
  }
  if (characters.size() > kMaxMessageChars) codes.push_back("message_exceed_max_chars_1024");
  if (group.empty() && handle.empty()) {
    codes.push_back("message_group_uuid_blank");
    codes.push_back("user_receiver_handle_blank");
  }
  if (group.empty() && !handle.empty() && same_handle(handle, me.handle))
    codes.push_back("cannot_message_self");
  if (!codes.empty()) return unprocessable(codes);

  if (!group.empty()) {
    std::vector<Row> members = table().members(group);
    if (members.empty()) return error(404, "no such conversation");
    if (std::none_of(members.begin(), members.end(),
                     [&](const Row& r) { return r.owner == me.uuid; })) {
      return error(403, "not a member of this conversation");
    }
    Row sent = table().send(group, me, message);
    if (hub_) {
      // Pushed now rather than when the stream worker sees it: the members are known here.
      std::vector<std::string> member_uuids;
      for (const Row& member : members) member_uuids.push_back(member.owner);
      hub_->message(member_uuids, {group, sent.uuid, sent.handle, sent.display_name, sent.message,
                                   sent.created_at});
    }
    common::JsonWriter w;
    w.begin_object();
    w.key("message_group_uuid");
    w.string(group);
    for (auto [name, value] :
         {std::pair{"uuid", &sent.uuid}, std::pair{"display_name", &sent.display_name},
          std::pair{"handle", &sent.handle}, std::pair{"message", &sent.message},
          std::pair{"created_at", &sent.created_at}}) {
      w.key(name);
      w.string(*value);
    }
    w.end_object();
    return json_reply(200, w.take());
  }
  std::optional<User> receiver;
  {
    std::lock_guard lock(users_mutex_);
    receiver = users_.find_by_handle(handle);
  }
  if (!receiver) return error(404, "no such user: @" + handle);
  std::string started = table().start_conversation(me, *receiver, message);
  // Both inbox rows were written here, not through the stream worker.
  if (cache_) {
    cache_->invalidate(me.uuid);
    cache_->invalidate(receiver->uuid);
  }
  common::JsonWriter w;
  w.begin_object();
  w.key("message_group_uuid");
  w.string(started);
  w.end_object();
  return json_reply(200, w.take());
}

net::HttpReply Api::user_short(const std::string& handle) {
  std::optional<User> user;
  {
    std::lock_guard lock(users_mutex_);
    user = users_.find_by_handle(handle);
  }
  if (!user) return error(404, "no such user: @" + handle);
  common::JsonWriter w;
  w.begin_object();
  w.key("uuid");
  w.string(user->uuid);
  w.key("handle");
  w.string(user->handle);
  w.key("display_name");
  w.string(user->display_name);
  w.end_object();
  return json_reply(200, w.take());
}

net::HttpReply Api::dev_sign_in(std::string_view body) {
  simdjson::dom::parser parser;
  std::string_view handle;
  if (parser.parse(body.data(), body.size())["handle"].get(handle)) {
    return unprocessable({"user_handle_blank"});
  }
  std::optional<User> user;
  {
    std::lock_guard lock(users_mutex_);
    user = users_.find_by_handle(std::string(handle));
  }
  if (!user) return error(404, "no such user: @" + std::string(handle));
  common::JsonWriter w;
  w.begin_object();
  w.key("access_token");
  w.string(dev_issuer_->sign(user->cognito_user_id, user->handle, std::time(nullptr)));
  w.end_object();
  return json_reply(200, w.take());
}

}  // namespace cruddur
