#include "cruddur/cli/serve_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "cruddur/api/api.h"
#include "cruddur/api/web_assets.h"
#include "cruddur/auth/jwt.h"
#include "cruddur/cache/inbox_cache.h"
#include "cruddur/cache/redis_client.h"
#include "cruddur/cache/redis_inbox_cache.h"
#include "cruddur/live/event_hub.h"
#include "cruddur/live/live_observer.h"
#include "cruddur/live/redis_relay.h"
#include "cruddur/stream/stream_follower.h"
#include "net/http_client.h"
#include "net/http_server.h"

namespace cruddur {

namespace {

// One line per request on stdout, written whole: time, method, path, status, duration.
void log_request(const net::HttpRequestView& request, int status,
                 std::chrono::steady_clock::duration took) {
  std::time_t now = std::time(nullptr);
  std::tm utc;
  gmtime_r(&now, &utc);
  char line[512];
  size_t stamp = std::strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ", &utc);
  int length = std::snprintf(line + stamp, sizeof line - stamp, " %.*s %.*s %d %.3fms\n",
                             static_cast<int>(request.method.size()), request.method.data(),
                             static_cast<int>(std::min<size_t>(request.path.size(), 400)),
                             request.path.data(), status,
                             std::chrono::duration<double, std::milli>(took).count());
  size_t total = std::min(sizeof line - 1, stamp + static_cast<size_t>(std::max(length, 0)));
  if (::write(STDOUT_FILENO, line, total) < 0) {
    // Logging must never fail a request.
  }
}

// Cognito's verifier for the pool in the environment: its issuer and its JWKS, fetched now and
// again when a token names a key it does not know.
TokenVerifier cognito_verifier(const std::string& region) {
  const char* pool = std::getenv("AWS_COGNITO_USER_POOL_ID");
  const char* client_id = std::getenv("AWS_COGNITO_USER_POOL_CLIENT_ID");
  if (!pool || !client_id) {
    throw std::runtime_error(
        "sign-in needs AWS_COGNITO_USER_POOL_ID and AWS_COGNITO_USER_POOL_CLIENT_ID, or "
        "--dev-auth");
  }
  const char* issuer_override = std::getenv("AWS_COGNITO_ISSUER");
  std::string issuer_url = issuer_override
                               ? issuer_override
                               : "https://cognito-idp." + region + ".amazonaws.com/" + pool;
  TokenVerifier verifier(issuer_url, client_id);
  std::string jwks_url = issuer_url + "/.well-known/jwks.json";
  verifier.add_jwks(net::http_get(jwks_url));
  verifier.refresh_from([jwks_url] { return net::http_get(jwks_url); });
  return verifier;
}

std::optional<WebAssets> web_assets(const std::string& web_root) {
  if (web_root == "none") return std::nullopt;
  std::string root = web_root.empty() ? WebAssets::default_root() : web_root;
  try {
    return WebAssets::load(root);
  } catch (const std::exception& e) {
    // An explicit --web-root must be there; the default may be missing from a bare binary.
    if (!web_root.empty()) throw;
    std::cerr << "cruddur: serving the API only: " << e.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace

void serve(const Settings& settings, const ServeOptions& options) {
  if (settings.json) throw std::runtime_error("serve has no JSON output: leave out --json");
  aws::ClientOptions client = settings.dynamodb();
  auto users = settings.users();
  std::filesystem::create_directories(settings.data_dir);
  std::optional<DevIssuer> issuer;
  std::optional<TokenVerifier> verifier;
  if (options.dev_auth) {
    issuer.emplace(settings.dev_key_path());
    verifier.emplace(issuer->verifier());
  } else {
    verifier.emplace(cognito_verifier(client.region));
  }
  std::optional<WebAssets> web = web_assets(options.web_root);
  EventHub::Options hub_options;
  hub_options.max_streams_per_user = options.max_event_streams;
  EventHub hub(hub_options);
  // The inbox cache. In memory it is kept current by this process's stream worker alone, so
  // without one there is none; in Redis, whatever worker writes the rows invalidates it.
  std::unique_ptr<RedisClient> redis;
  std::unique_ptr<InboxCache> cache;
  std::unique_ptr<RedisRelay> relay;
  if (options.cache.rfind("redis://", 0) == 0) {
    RedisAddress address = RedisAddress::parse(options.cache);
    redis = std::make_unique<RedisClient>(address);
    cache = std::make_unique<RedisInboxCache>(*redis);
    relay = std::make_unique<RedisRelay>(*redis, address, hub);
  } else if (options.cache == "memory") {
    if (options.stream_worker) cache = std::make_unique<MemoryInboxCache>();
  } else if (options.cache != "none") {
    throw std::runtime_error("--cache is memory, none or redis://HOST[:PORT][/DB], not '" +
                             options.cache + "'");
  }
  Api api(ApiOptions{client, settings.table}, *users, std::move(*verifier),
          issuer ? &*issuer : nullptr, web ? &*web : nullptr, &hub, cache.get());

  net::ServerOptions server_options;
  server_options.port = static_cast<uint16_t>(options.port);
  if (!options.cors_origin.empty()) server_options.cors_origins = {options.cors_origin};
  server_options.cors_expose_headers = "X-Next-Cursor";
  server_options.threads = options.threads;
  server_options.body_too_large = [] { return Api::body_too_large(); };
  server_options.headers_too_large = [] { return Api::headers_too_large(); };
  server_options.wanted_headers = Api::wanted_headers();
  net::HttpServer server(
      [&api](const net::HttpRequestView& request) {
        auto started = std::chrono::steady_clock::now();
        net::HttpReply reply = api.handle(request);
        log_request(request, reply.status, std::chrono::steady_clock::now() - started);
        return reply;
      },
      server_options);
  // SIGINT and SIGTERM stop the server (HttpServer::stop_on reads them from a signalfd), and with
  // it the stream worker and the heartbeat below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  uint16_t bound = server.listen();
  std::atomic<bool> stop{false};
  std::thread worker;
  LiveObserver observer(&hub, cache.get());
  if (options.stream_worker) {
    worker = std::thread([&] {
      aws::JsonClient worker_client(client);
      StreamFollower follower(worker_client, settings.table, settings.checkpoint_path(),
                              settings.pacing(), &observer);
      follower.run(false, stop);
    });
  }
  // The event streams' heartbeat, which also forgets the streams whose clients left.
  std::mutex heartbeat_mutex;
  std::condition_variable heartbeat_wake;
  std::thread heartbeat([&] {
    std::unique_lock lock(heartbeat_mutex);
    while (!heartbeat_wake.wait_for(lock, std::chrono::seconds(options.heartbeat_s),
                                    [&] { return stop.load(); })) {
      hub.heartbeat();
    }
  });
  server.stop_on(signals);
  std::cout << "cruddur serving on http://localhost:" << bound
            << (options.dev_auth ? " (dev sign-in)" : "")
            << "; cache: " << (cache ? cache->kind() : "none")
            << (web ? "; web UI: " + std::to_string(web->size()) + " files" : "") << std::endl;
  server.run();
  hub.close_all();
  {
    std::lock_guard lock(heartbeat_mutex);
    stop = true;
  }
  heartbeat_wake.notify_all();
  heartbeat.join();
  if (worker.joinable()) worker.join();
}

}  // namespace cruddur
