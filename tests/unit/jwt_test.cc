#include "cruddur/auth/jwt.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/base64.h"

namespace cruddur {
namespace {

class JwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("jwt-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string key_path() const { return (dir_ / "dev-key.pem").string(); }

  std::string reason(const TokenVerifier& verifier, const std::string& token, int64_t now) {
    try {
      verifier.verify(token, now);
    } catch (const InvalidToken& e) {
      return e.what();
    }
    return "valid";
  }

  std::filesystem::path dir_;
  static constexpr int64_t kNow = 1764108686;
};

TEST_F(JwtTest, DevIssuerTokensVerifyAndCarryTheirClaims) {
  DevIssuer issuer(key_path());
  std::string token = issuer.sign("sub-123", "andrewbrown", kNow);
  TokenClaims claims = issuer.verifier().verify(token, kNow + 10);
  EXPECT_EQ(claims.sub, "sub-123");
  EXPECT_EQ(claims.username, "andrewbrown");
  EXPECT_EQ(claims.exp, kNow + 3600);
  // The key persists: a second issuer on the same file verifies the first one's tokens.
  DevIssuer again(key_path());
  EXPECT_EQ(again.verifier().verify(token, kNow).sub, "sub-123");
  EXPECT_EQ(std::filesystem::status(key_path()).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
}

TEST_F(JwtTest, BadTokensAreRefusedWithTheirReason) {
  DevIssuer issuer(key_path());
  TokenVerifier verifier = issuer.verifier();
  std::string token = issuer.sign("sub-1", "bayko", kNow);
  EXPECT_EQ(reason(verifier, token, kNow + 3600 + 61), "expired");
  EXPECT_EQ(reason(verifier, token, kNow + 3600 + 59), "valid");  // clock skew allowed
  std::string tampered = token;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(reason(verifier, tampered, kNow), "bad signature");
  // The payload swapped for another's: the signature no longer covers it.
  std::string other = issuer.sign("sub-2", "londo", kNow);
  size_t a = token.find('.'), b = other.find('.');
  std::string spliced =
      token.substr(0, a) + other.substr(b, other.rfind('.') - b) + token.substr(token.rfind('.'));
  EXPECT_EQ(reason(verifier, spliced, kNow), "bad signature");
  EXPECT_EQ(reason(verifier, "not.a.token!", kNow), "malformed token");
  TokenVerifier wrong_issuer("someone-else", DevIssuer::kClientId);
  wrong_issuer.add_jwks(issuer.jwks());
  EXPECT_EQ(reason(wrong_issuer, token, kNow), "wrong issuer");
  TokenVerifier wrong_client(DevIssuer::kIssuer, "other-client");
  wrong_client.add_jwks(issuer.jwks());
  EXPECT_EQ(reason(wrong_client, token, kNow), "wrong client");
}

TEST_F(JwtTest, AnotherKeyCannotForgeTokens) {
  DevIssuer real(key_path());
  DevIssuer forger((dir_ / "other.pem").string());  // same key id, different key
  EXPECT_EQ(reason(real.verifier(), forger.sign("sub-1", "x", kNow), kNow), "bad signature");
  TokenVerifier empty(DevIssuer::kIssuer, DevIssuer::kClientId);
  EXPECT_EQ(reason(empty, real.sign("sub-1", "x", kNow), kNow), "unknown signing key");
}

TEST_F(JwtTest, AnUnknownKeyFetchesTheKeySetAgainAtMostOnceAMinute) {
  DevIssuer issuer(key_path());
  std::string token = issuer.sign("sub-1", "x", kNow);
  int fetches = 0;
  bool published = false;  // the issuer's key appears in its JWKS only after rotation
  TokenVerifier verifier(DevIssuer::kIssuer, DevIssuer::kClientId);
  verifier.refresh_from([&] {
    ++fetches;
    return published ? issuer.jwks() : std::string(R"({"keys":[]})");
  });
  EXPECT_EQ(reason(verifier, token, kNow), "unknown signing key");
  EXPECT_EQ(fetches, 1);
  published = true;
  EXPECT_EQ(reason(verifier, token, kNow + 30), "unknown signing key");  // too soon to fetch
  EXPECT_EQ(fetches, 1);
  EXPECT_EQ(reason(verifier, token, kNow + 61), "valid");
  EXPECT_EQ(fetches, 2);
  EXPECT_EQ(reason(verifier, token, kNow + 62), "valid");  // now known: no fetch
  EXPECT_EQ(fetches, 2);
  // An unreachable issuer is an unknown key, not a crash.
  TokenVerifier offline(DevIssuer::kIssuer, DevIssuer::kClientId);
  offline.refresh_from([]() -> std::string { throw std::runtime_error("connection refused"); });
  EXPECT_EQ(reason(offline, token, kNow), "unknown signing key");
  // An issuer answering nonsense is an unknown key too.
  for (const char* nonsense : {"<html>", R"({"keys":[1,"x",null]})", R"({"keys":{}})"}) {
    TokenVerifier confused(DevIssuer::kIssuer, DevIssuer::kClientId);
    confused.refresh_from([nonsense] { return std::string(nonsense); });
    EXPECT_EQ(reason(confused, token, kNow), "unknown signing key") << nonsense;
  }
}

}  // namespace
}  // namespace cruddur
