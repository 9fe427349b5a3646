// Cognito-compatible access tokens: RS256 JWT verification against a key set (JWKS), with the
// claims Cognito's access tokens carry checked — iss, exp (small clock skew allowed), client_id
// or aud, and token_use = access. And a development issuer that signs such tokens with its own
// key, so sign-in works locally with no AWS account.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
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

// Thread-safe.
class TokenVerifier {
 public:
  // `issuer` and `client_id` are what a valid token must name.
  TokenVerifier(std::string issuer, std::string client_id)
      : issuer_(std::move(issuer)), client_id_(std::move(client_id)) {}
  TokenVerifier(TokenVerifier&& other) noexcept
      : issuer_(std::move(other.issuer_)),
        client_id_(std::move(other.client_id_)),
        keys_(std::move(other.keys_)),
        fetch_jwks_(std::move(other.fetch_jwks_)) {}

  // Where the key set comes from when a token names a key not yet known (a rotated key): fetched
  // again at most once a minute.
  void refresh_from(std::function<std::string()> fetch_jwks) {
    fetch_jwks_ = std::move(fetch_jwks);
  }

  // Adds the RSA keys of a JWKS document ({"keys": [{"kid", "kty": "RSA", "n", "e"}]}).
  void add_jwks(const std::string& jwks_json);
  void add_key(const std::string& kid, Key key);

  // The claims of a valid token; throws InvalidToken otherwise. `now` is epoch seconds.
  TokenClaims verify(const std::string& token, int64_t now) const;

 private:
  std::shared_ptr<EVP_PKEY> key_for(const std::string& kid, int64_t now) const;

  std::string issuer_, client_id_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<EVP_PKEY>> keys_;
  std::function<std::string()> fetch_jwks_;
  mutable int64_t last_fetch_ = 0;
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
