#include "ddb/server/auth.h"

#include <openssl/crypto.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "common/ascii.h"
#include "ddb/error.h"

namespace ddb {

namespace {

constexpr int64_t kMaxSkewSeconds = 15 * 60;

std::string header(const aws::HttpMessage& message, std::string_view name) {
  for (const auto& [n, v] : message.headers) {
    if (common::iequals(n, name)) return v;
  }
  return "";
}

// Seconds since the epoch of an ISO 8601 basic time ("20150830T123600Z"), or -1.
int64_t parse_amz_date(const std::string& text) {
  std::tm tm{};
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return -1;
  std::istringstream in(text);
  in >> std::get_time(&tm, "%Y%m%dT%H%M%SZ");
  if (in.fail()) return -1;
  return static_cast<int64_t>(timegm(&tm));
}

std::string format_amz_date(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

Authenticator Authenticator::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read credentials file " + path);
  Authenticator auth;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key, secret;
    if (!(fields >> key) || key[0] == '#') continue;
    if (!(fields >> secret))
      throw std::runtime_error("no secret for access key " + key + " in " + path);
    auth.secrets_[key] = secret;
  }
  if (auth.secrets_.empty()) throw std::runtime_error("no access key in " + path);
  return auth;
}

void Authenticator::verify(const aws::HttpMessage& message, std::string_view authorization) const {
  if (authorization.empty()) {
    throw ApiError::missing_authentication_token();
  }
  aws::AuthorizationHeader parsed;
  if (!aws::parse_authorization(authorization, &parsed)) {
    throw ApiError::incomplete_signature(
        "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' "
        "parameters. Authorization=" +
        std::string(authorization));
  }
  auto secret = secrets_.find(parsed.access_key);
  if (secret == secrets_.end()) {
    throw ApiError::unrecognized_client("The security token included in the request is invalid.");
  }
  std::string amz_date = header(message, "x-amz-date");
  int64_t signed_at = parse_amz_date(amz_date);
  if (signed_at < 0) {
    throw ApiError::incomplete_signature(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
        "header.");
  }
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  if (signed_at < now - kMaxSkewSeconds) {
    throw ApiError::invalid_signature("Signature expired: " + amz_date + " is now earlier than " +
                                      format_amz_date(now - kMaxSkewSeconds) + " (" +
                                      format_amz_date(now) + " - 15 min.)");
  }
  if (signed_at > now + kMaxSkewSeconds) {
    throw ApiError::invalid_signature(
        "Signature not yet current: " + amz_date + " is still later than " +
        format_amz_date(now + kMaxSkewSeconds) + " (" + format_amz_date(now) + " + 15 min.)");
  }
  std::string expected = aws::signature(message, parsed.signed_headers, secret->second, amz_date,
                                        parsed.region, parsed.service);
  if (parsed.date != amz_date.substr(0, 8) || parsed.terminator != "aws4_request" ||
      expected.size() != parsed.signature.size() ||
      CRYPTO_memcmp(expected.data(), parsed.signature.data(), expected.size()) != 0) {
    throw ApiError::invalid_signature(
        "The request signature we calculated does not match the signature you provided. "
        "Check your AWS Secret Access Key and signing method. Consult the service "
        "documentation for details.");
  }
}

}  // namespace ddb
