// `cruddur stream-worker` and `cruddur lambda`: the inbox updater on the table's stream, as a
// long-running worker or as an AWS Lambda custom runtime.
#pragma once

#include <cstddef>

#include "cruddur/cli/settings.h"

namespace cruddur {

// Follows the stream until SIGINT or SIGTERM (with `once`: handles what it holds now) and
// prints how many records it handled.
// `cache_url` (redis://..., or empty for none): the shared inbox cache to keep current.
void stream_worker(const Settings& settings, bool once, const std::string& cache_url = "");
// Serves invocations from $AWS_LAMBDA_RUNTIME_API (at most `max_invocations`; 0: no limit).
// Needs no users database and no data directory.
void lambda(const Settings& settings, size_t max_invocations);

}  // namespace cruddur
