// Authenticator: SigV4 verification of every request (ddb-server --auth FILE) against a file of
// "ACCESS_KEY_ID SECRET_ACCESS_KEY" lines, answering as DynamoDB does when a signature is
// missing, unknown, expired or wrong. Immutable once loaded; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "aws/sigv4.h"

namespace ddb {

class Authenticator {
 public:
  // Throws std::runtime_error if the file cannot be read or holds no key.
  static Authenticator load(const std::string& path);

  // Throws ApiError unless `message` is signed with a known key.
  void verify(const aws::HttpMessage& message, std::string_view authorization) const;

 private:
  std::map<std::string, std::string, std::less<>> secrets_;  // access key -> secret
};

}  // namespace ddb
