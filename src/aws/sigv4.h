// AWS Signature Version 4: the canonical request, string to sign, signing key and signature.
// One implementation serves both sides: clients sign with it, ddb-server --auth verifies with it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aws {

struct HttpMessage {
  std::string_view method;
  std::string_view path;                                     // as sent, without the query
  std::string_view query;                                    // as sent, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // any case, as sent
  std::string_view payload;
};

std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw bytes
std::string hex(std::string_view bytes);

// The canonical request over `signed_headers` (lower-case names, sorted by the caller or not).
std::string canonical_request(const HttpMessage& message, std::vector<std::string> signed_headers);
std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request);
// Raw bytes of the key for date (YYYYMMDD), region and service.
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);
// The hex signature of `message` under the given scope.
std::string signature(const HttpMessage& message, const std::vector<std::string>& signed_headers,
                      std::string_view secret, std::string_view amz_date, std::string_view region,
                      std::string_view service);

// The parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header.
struct AuthorizationHeader {
  std::string access_key;
  std::string date;  // YYYYMMDD of the credential scope
  std::string region;
  std::string service;
  std::string terminator;  // "aws4_request"
  std::vector<std::string> signed_headers;
  std::string signature;
};
// Returns false if the header is not of that form.
bool parse_authorization(std::string_view header, AuthorizationHeader* out);

}  // namespace aws
