// The AWS Lambda custom runtime loop for the inbox updater: take the next invocation from the
// Runtime API, hand its DynamoDB stream event to the same InboxUpdater the worker uses, answer
// with the records that failed ("batchItemFailures", so Lambda retries from there), or report
// an invocation error.
#pragma once

#include <string>

#include "cruddur/stream/inbox_updater.h"

namespace cruddur {

// Serves invocations from the Runtime API at `runtime_api` (host:port, as AWS_LAMBDA_RUNTIME_API
// gives it) until it cannot be reached, or after `max_invocations` (0: no limit). Returns the
// number of invocations handled.
size_t run_lambda_runtime(const std::string& runtime_api, InboxUpdater& updater,
                          size_t max_invocations = 0);

}  // namespace cruddur
