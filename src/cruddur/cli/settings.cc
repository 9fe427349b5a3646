#include "cruddur/cli/settings.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string_view>

#include "aws/credentials.h"

namespace cruddur {

Settings Settings::from_environment() {
  Settings settings;
  const char* table = std::getenv("DDB_MESSAGE_TABLE");
  if (table && *table) settings.table = table;
  // The endpoint variables the AWS SDKs read, the service's own first; --ddb-endpoint wins over
  // both, and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns them off, as in the SDKs.
  const char* ignore = std::getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (!ignore || std::string_view(ignore) != "true") {
    for (const char* name : {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"}) {
      const char* url = std::getenv(name);
      if (url && *url) {
        settings.endpoint = url;
        break;
      }
    }
  }
  return settings;
}

aws::ClientOptions Settings::dynamodb() const {
  if (endpoint.empty()) {
    throw std::runtime_error("--ddb-endpoint is empty: give the endpoint's URL, or 'prod' for AWS");
  }
  if (!on_aws() && endpoint.rfind("http://", 0) != 0 && endpoint.rfind("https://", 0) != 0) {
    throw std::runtime_error("--ddb-endpoint \"" + endpoint +
                             "\" is not an http:// or https:// URL (or 'prod' for AWS)");
  }
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

std::unique_ptr<UsersDirectory> Settings::existing_users() const {
  const char* url = std::getenv("CONNECTION_URL");
  if (!(url && *url) && !std::filesystem::exists(sqlite_users_path(data_dir))) {
    throw std::runtime_error("no users database in " + data_dir +
                             ": run `cruddur db setup` first (or set CONNECTION_URL)");
  }
  return open_users(data_dir);
}

}  // namespace cruddur
