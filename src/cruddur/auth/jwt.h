// Cognito-compatible access tokens: RS256 JWT verification against a key set (JWKS), with the
// claims Cognito's access tokens carry checked — iss, exp (small clock skew allowed), client_id
// or aud, and token_use = access. And a development issuer that signs such tokens with its own
// key, so sign-in works locally with no AWS account.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace cruddur {

// A token that does not verify, with the reason.
class InvalidToken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;

struct TokenClaims {
  std::string sub;
  std::string username;
  std::string client_id;
  int64_t exp = 0;
};

class TokenVerifier {
 public:
  // `issuer` and `client_id` are what a valid token must name.
  TokenVerifier(std::string issuer, std::string client_id)
      : issuer_(std::move(issuer)), client_id_(std::move(client_id)) {}

  // Adds the RSA keys of a JWKS document ({"keys": [{"kid", "kty": "RSA", "n", "e"}]}).
  void add_jwks(const std::string& jwks_json);
  void add_key(const std::string& kid, Key key);
  bool has_key(const std::string& kid) const { return keys_.count(kid) > 0; }

  // The claims of a valid token; throws InvalidToken otherwise. `now` is epoch seconds.
  TokenClaims verify(const std::string& token, int64_t now) const;

 private:
  std::string issuer_, client_id_;
  std::map<std::string, std::shared_ptr<EVP_PKEY>> keys_;
};

// The development issuer: an RSA key kept in a PEM file (created on first use, mode 0600).
class DevIssuer {
 public:
  static constexpr const char* kIssuer = "cruddur-dev";
  static constexpr const char* kClientId = "cruddur-dev-client";
  static constexpr const char* kKeyId = "cruddur-dev-key";

  // Loads the key at `pem_path`, or creates it. Throws std::runtime_error.
  explicit DevIssuer(const std::string& pem_path);

  // An access token for `sub` valid for `lifetime_seconds` from `now`.
  std::string sign(const std::string& sub, const std::string& username, int64_t now,
                   int64_t lifetime_seconds = 3600) const;
  // The public key as a JWKS document.
  std::string jwks() const;
  // A verifier that trusts this issuer.
  TokenVerifier verifier() const;

 private:
  Key key_;
};

}  // namespace cruddur
