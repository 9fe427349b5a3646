#include "cruddur/cli/stream_commands.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "cruddur/cache/redis_client.h"
#include "cruddur/cache/redis_inbox_cache.h"
#include "cruddur/live/live_observer.h"
#include "cruddur/stream/inbox_updater.h"
#include "cruddur/stream/lambda_runtime.h"
#include "cruddur/stream/stream_follower.h"

namespace cruddur {

namespace {
std::atomic<bool> stop_requested{false};
}  // namespace

void stream_worker(const Settings& settings, bool once, const std::string& cache_url) {
  std::signal(SIGINT, [](int) { stop_requested = true; });
  std::signal(SIGTERM, [](int) { stop_requested = true; });
  aws::JsonClient client(settings.dynamodb());
  // A shared inbox cache is told which pages the rows it writes make stale.
  std::unique_ptr<RedisClient> redis;
  std::unique_ptr<RedisInboxCache> cache;
  if (!cache_url.empty()) {
    redis = std::make_unique<RedisClient>(RedisAddress::parse(cache_url));
    cache = std::make_unique<RedisInboxCache>(*redis);
  }
  LiveObserver observer(nullptr, cache.get());
  StreamFollower follower(client, settings.table, settings.checkpoint_path(), settings.pacing(),
                          cache ? &observer : nullptr);
  size_t handled = follower.run(once, stop_requested);
  if (settings.json)
    std::cout << "{\"handled\":" << handled << "}\n";
  else
    std::cout << "handled " << handled << " stream record" << (handled == 1 ? "" : "s") << "\n";
}

void lambda(const Settings& settings, size_t max_invocations) {
  if (settings.json) throw std::runtime_error("lambda has no JSON output: leave out --json");
  const char* runtime_api = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (!runtime_api) throw std::runtime_error("AWS_LAMBDA_RUNTIME_API is not set");
  aws::JsonClient client(settings.dynamodb());
  InboxUpdater updater(client, settings.table);
  run_lambda_runtime(runtime_api, updater, max_invocations);
}

}  // namespace cruddur
