#include "cruddur/cli/settings.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "aws/credentials.h"

namespace cruddur {

Settings Settings::from_environment() {
  Settings settings;
  const char* table = std::getenv("DDB_MESSAGE_TABLE");
  if (table && *table) settings.table = table;
  return settings;
}

aws::ClientOptions Settings::dynamodb() const {
  aws::ClientOptions options;
  options.region = aws::resolve_region();
  options.endpoint = on_aws() ? "" : endpoint;
  auto credentials = aws::resolve_credentials();
  if (!credentials) {
    if (on_aws()) throw std::runtime_error("no AWS credentials found");
    credentials = aws::Credentials{"local", "local", ""};  // a local endpoint accepts any
  }
  options.credentials = *credentials;
  return options;
}

PollPacing Settings::pacing() const {
  PollPacing pacing;
  pacing.idle = std::chrono::milliseconds(poll_ms ? poll_ms : on_aws() ? 250 : 100);
  pacing.busy = on_aws() ? pacing.idle : std::min(pacing.busy, pacing.idle);
  return pacing;
}

std::unique_ptr<UsersDirectory> Settings::users() const {
  return open_users(data_dir);
}

}  // namespace cruddur
