#include "aws/sigv4.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

// The worked example of AWS's Signature Version 4 documentation (IAM ListUsers).
HttpMessage documented_request() {
  HttpMessage m;
  m.method = "GET";
  m.path = "/";
  m.query = "Action=ListUsers&Version=2010-05-08";
  m.headers = {{"Host", "iam.amazonaws.com"},
               {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"X-Amz-Date", "20150830T123600Z"}};
  return m;
}

TEST(SigV4Test, MatchesTheDocumentedExample) {
  HttpMessage m = documented_request();
  std::vector<std::string> signed_headers = {"host", "content-type", "x-amz-date"};
  EXPECT_EQ(sha256_hex(canonical_request(m, signed_headers)),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(
      hex(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam")),
      "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  EXPECT_EQ(signature(m, signed_headers, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                      "20150830T123600Z", "us-east-1", "iam"),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4Test, CanonicalHeadersTrimAndFoldSpaces) {
  HttpMessage m;
  m.method = "POST";
  m.headers = {{"X-Test", "  a   b  "}, {"Host", "h"}};
  EXPECT_EQ(canonical_request(m, {"x-test", "host"}),
            "POST\n/\n\nhost:h\nx-test:a b\n\nhost;x-test\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4Test, ParsesAuthorizationHeaders) {
  AuthorizationHeader a;
  ASSERT_TRUE(parse_authorization(
      "AWS4-HMAC-SHA256 Credential=AKID/20230101/eu-west-1/dynamodb/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=abc123",
      &a));
  EXPECT_EQ(a.access_key, "AKID");
  EXPECT_EQ(a.region, "eu-west-1");
  EXPECT_EQ(a.service, "dynamodb");
  EXPECT_EQ(a.signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(a.signature, "abc123");
  EXPECT_FALSE(parse_authorization("Basic dXNlcg==", &a));
  EXPECT_FALSE(
      parse_authorization("AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=h, Signature=x", &a));
}

}  // namespace
}  // namespace aws
