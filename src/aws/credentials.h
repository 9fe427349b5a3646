// Credentials and region, resolved as the AWS SDKs do: the standard environment variables first
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION/AWS_DEFAULT_REGION),
// then the profile (AWS_PROFILE, else "default") in ~/.aws/credentials and ~/.aws/config
// (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE move them).
#pragma once

#include <optional>
#include <string>

namespace aws {

struct Credentials {
  std::string access_key;
  std::string secret_key;
  std::string session_token;  // empty unless temporary credentials
};

// nullopt when no source has credentials.
std::optional<Credentials> resolve_credentials();
// "us-east-1" when nothing names a region.
std::string resolve_region();

}  // namespace aws
