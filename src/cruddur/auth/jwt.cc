#include "cruddur/auth/jwt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <simdjson.h>
#include <sys/stat.h>

#include <cstdio>
#include <vector>

#include "common/base64.h"
#include "common/json_writer.h"

namespace cruddur {

namespace {

constexpr int64_t kClockSkewSeconds = 60;

std::string bignum_bytes(const BIGNUM* n) {
  std::string out(static_cast<size_t>(BN_num_bytes(n)), '\0');
  BN_bn2bin(n, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

Key rsa_public_key(const std::string& modulus, const std::string& exponent) {
  BIGNUM* n = BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus.data()),
                        static_cast<int>(modulus.size()), nullptr);
  BIGNUM* e = BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent.data()),
                        static_cast<int>(exponent.size()), nullptr);
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, n);
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, e);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* key = nullptr;
  bool ok = ctx && EVP_PKEY_fromdata_init(ctx) > 0 &&
            EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) > 0;
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  BN_free(n);
  BN_free(e);
  if (!ok) throw InvalidToken("the key set holds an unusable RSA key");
  return Key(key);
}

bool verify_rs256(EVP_PKEY* key, std::string_view signed_part, const std::string& signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) > 0 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(signed_part.data()),
                       signed_part.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::string string_claim(simdjson::dom::object o, const char* name) {
  std::string_view v;
  return o[name].get(v) ? "" : std::string(v);
}

using KeySet = std::map<std::string, std::shared_ptr<EVP_PKEY>>;

// The RSA keys of a JWKS document; other key types and malformed entries are skipped.
KeySet parse_jwks(const std::string& jwks_json) {
  simdjson::dom::parser parser;
  simdjson::dom::array keys;
  if (parser.parse(jwks_json)["keys"].get(keys)) throw InvalidToken("not a key set (JWKS)");
  KeySet out;
  for (simdjson::dom::element entry : keys) {
    simdjson::dom::object jwk;
    if (entry.get(jwk)) continue;
    std::string kid = string_claim(jwk, "kid");
    if (string_claim(jwk, "kty") != "RSA" || kid.empty()) continue;
    auto n = common::base64url_decode(string_claim(jwk, "n"));
    auto e = common::base64url_decode(string_claim(jwk, "e"));
    if (!n || !e) continue;
    out[kid] = std::shared_ptr<EVP_PKEY>(rsa_public_key(*n, *e).release(), KeyDeleter());
  }
  return out;
}

}  // namespace

void TokenVerifier::add_key(const std::string& kid, Key key) {
  std::lock_guard lock(mutex_);
  keys_[kid] = std::shared_ptr<EVP_PKEY>(key.release(), KeyDeleter());
}

std::shared_ptr<EVP_PKEY> TokenVerifier::key_for(const std::string& kid, int64_t now) const {
  {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(kid);
    if (it != keys_.end()) return it->second;
    if (!fetch_jwks_ || now - last_fetch_ < 60) return nullptr;
    last_fetch_ = now;
  }
  KeySet fetched;
  try {
    fetched = parse_jwks(fetch_jwks_());
  } catch (const std::exception&) {
    return nullptr;  // the issuer is unreachable or answers nonsense: the token cannot be checked
  }
  std::lock_guard lock(mutex_);
  for (auto& [id, key] : fetched) keys_[id] = key;
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : it->second;
}

void TokenVerifier::add_jwks(const std::string& jwks_json) {
  KeySet keys = parse_jwks(jwks_json);
  std::lock_guard lock(mutex_);
  for (auto& [id, key] : keys) keys_[id] = key;
}

TokenClaims TokenVerifier::verify(const std::string& token, int64_t now) const {
  size_t first = token.find('.');
  size_t second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos) throw InvalidToken("malformed token");
  auto header = common::base64url_decode(std::string_view(token).substr(0, first));
  auto payload =
      common::base64url_decode(std::string_view(token).substr(first + 1, second - first - 1));
  auto signature = common::base64url_decode(std::string_view(token).substr(second + 1));
  if (!header || !payload || !signature) throw InvalidToken("malformed token");
  simdjson::dom::parser header_parser, payload_parser;
  simdjson::dom::object h, p;
  if (header_parser.parse(*header).get(h) || payload_parser.parse(*payload).get(p)) {
    throw InvalidToken("malformed token");
  }
  if (string_claim(h, "alg") != "RS256") throw InvalidToken("unsupported algorithm");
  std::shared_ptr<EVP_PKEY> key = key_for(string_claim(h, "kid"), now);
  if (!key) throw InvalidToken("unknown signing key");
  if (!verify_rs256(key.get(), std::string_view(token).substr(0, second), *signature)) {
    throw InvalidToken("bad signature");
  }
  TokenClaims claims;
  claims.sub = string_claim(p, "sub");
  claims.username = string_claim(p, "username");
  claims.client_id = string_claim(p, "client_id");
  if (claims.client_id.empty()) claims.client_id = string_claim(p, "aud");
  int64_t exp = 0;
  if (p["exp"].get(exp)) throw InvalidToken("no expiry");
  claims.exp = exp;
  if (string_claim(p, "iss") != issuer_) throw InvalidToken("wrong issuer");
  if (claims.client_id != client_id_) throw InvalidToken("wrong client");
  if (string_claim(p, "token_use") != "access") throw InvalidToken("not an access token");
  if (exp + kClockSkewSeconds < now) throw InvalidToken("expired");
  if (claims.sub.empty()) throw InvalidToken("no subject");
  return claims;
}

DevIssuer::DevIssuer(const std::string& pem_path) {
  if (FILE* f = std::fopen(pem_path.c_str(), "r")) {
    key_.reset(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    if (!key_) throw std::runtime_error("cannot read the dev signing key " + pem_path);
    return;
  }
  key_.reset(EVP_RSA_gen(2048));
  if (!key_) throw std::runtime_error("cannot generate the dev signing key");
  FILE* f = std::fopen(pem_path.c_str(), "w");
  if (!f) throw std::runtime_error("cannot write the dev signing key " + pem_path);
  ::chmod(pem_path.c_str(), 0600);
  bool ok = PEM_write_PrivateKey(f, key_.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) throw std::runtime_error("cannot write the dev signing key " + pem_path);
}

std::string DevIssuer::sign(const std::string& sub, const std::string& username, int64_t now,
                            int64_t lifetime_seconds) const {
  common::JsonWriter header, payload;
  header.begin_object();
  header.key("alg");
  header.string("RS256");
  header.key("kid");
  header.string(kKeyId);
  header.end_object();
  payload.begin_object();
  for (auto [name, value] :
       {std::pair{"sub", sub}, std::pair{"username", username},
        std::pair{"iss", std::string(kIssuer)}, std::pair{"client_id", std::string(kClientId)},
        std::pair{"token_use", std::string("access")}}) {
    payload.key(name);
    payload.string(value);
  }
  payload.key("iat");
  payload.number(now);
  payload.key("exp");
  payload.number(now + lifetime_seconds);
  payload.end_object();
  std::string signed_part =
      common::base64url_encode(header.str()) + "." + common::base64url_encode(payload.str());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  std::string signature;
  bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_.get()) > 0 &&
            EVP_DigestSign(ctx, nullptr, &length,
                           reinterpret_cast<const unsigned char*>(signed_part.data()),
                           signed_part.size()) > 0;
  if (ok) {
    signature.resize(length);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                        reinterpret_cast<const unsigned char*>(signed_part.data()),
                        signed_part.size()) > 0;
    signature.resize(length);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("cannot sign the token");
  return signed_part + "." + common::base64url_encode(signature);
}

std::string DevIssuer::jwks() const {
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  EVP_PKEY_get_bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_N, &n);
  EVP_PKEY_get_bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_E, &e);
  common::JsonWriter w;
  w.begin_object();
  w.key("keys");
  w.begin_array();
  w.begin_object();
  for (auto [name, value] :
       {std::pair{"kty", std::string("RSA")}, std::pair{"alg", std::string("RS256")},
        std::pair{"use", std::string("sig")}, std::pair{"kid", std::string(kKeyId)},
        std::pair{"n", common::base64url_encode(bignum_bytes(n))},
        std::pair{"e", common::base64url_encode(bignum_bytes(e))}}) {
    w.key(name);
    w.string(value);
  }
  w.end_object();
  w.end_array();
  w.end_object();
  BN_free(n);
  BN_free(e);
  return w.take();
}

TokenVerifier DevIssuer::verifier() const {
  TokenVerifier verifier(kIssuer, kClientId);
  verifier.add_jwks(jwks());
  return verifier;
}

}  // namespace cruddur
