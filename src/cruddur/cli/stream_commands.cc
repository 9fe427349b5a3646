#include "cruddur/cli/stream_commands.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "cruddur/stream/inbox_updater.h"
#include "cruddur/stream/lambda_runtime.h"
#include "cruddur/stream/stream_follower.h"

namespace cruddur {

namespace {
std::atomic<bool> stop_requested{false};
}  // namespace

void stream_worker(const Settings& settings, bool once) {
  std::signal(SIGINT, [](int) { stop_requested = true; });
  std::signal(SIGTERM, [](int) { stop_requested = true; });
  aws::JsonClient client(settings.dynamodb());
  StreamFollower follower(client, settings.table, settings.checkpoint_path(), settings.pacing());
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
