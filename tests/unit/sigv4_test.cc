#include "aws/sigv4.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

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

// AWS's published SigV4 test suite (aws-sig-v4-test-suite): every case signs a request to
// example.amazonaws.com on 20150830T123600Z as AKIDEXAMPLE for us-east-1/service.
struct SuiteCase {
  const char* name;
  const char* method;
  const char* path;
  const char* query;
  std::vector<std::pair<std::string, std::string>> headers;  // besides host and x-amz-date
  const char* body;
  const char* signature;
};

TEST(SigV4Test, MatchesThePublishedTestSuite) {
  const std::vector<SuiteCase> cases = {
      {"get-vanilla",
       "GET",
       "/",
       "",
       {},
       "",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-unreserved",
       "GET",
       "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
       "",
       {},
       "",
       "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-slashes",
       "GET",
       "//example//",
       "",
       {},
       "",
       "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"},
      {"get-vanilla-query-order-key-case",
       "GET",
       "/",
       "Param2=value2&Param1=value1",
       {},
       "",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-order-value",
       "GET",
       "/",
       "Param1=value2&Param1=value1",
       {},
       "",
       "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"},
      {"get-vanilla-utf8-query",
       "GET",
       "/",
       "\xe1\x88\xb4=bar",
       {},
       "",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-header-value-order",
       "GET",
       "/",
       "",
       {{"My-Header1", "value4"},
        {"My-Header1", "value1"},
        {"My-Header1", "value3"},
        {"My-Header1", "value2"}},
       "",
       "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
      {"get-header-key-duplicate",
       "GET",
       "/",
       "",
       {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}},
       "",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"get-header-value-trim",
       "GET",
       "/",
       "",
       {{"My-Header1", " value1"}, {"My-Header2", "\"a   b   c\""}},
       "",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"post-x-www-form-urlencoded",
       "POST",
       "/",
       "",
       {{"Content-Type", "application/x-www-form-urlencoded"}},
       "Param1=value1",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
      {"post-sts-header-before (session token)",
       "GET",
       "/",
       "",
       {{"X-Amz-Security-Token",
         "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"}},
       "",
       "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"},
  };
  for (const auto& c : cases) {
    HttpMessage m;
    m.method = c.method;
    m.path = c.path;
    m.query = c.query;
    m.payload = c.body;
    m.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
    std::vector<std::string> signed_headers = {"host", "x-amz-date"};
    for (const auto& [name, value] : c.headers) {
      m.headers.emplace_back(name, value);
      std::string lower;
      for (char ch : name) lower.push_back(static_cast<char>(std::tolower(ch)));
      if (std::find(signed_headers.begin(), signed_headers.end(), lower) == signed_headers.end()) {
        signed_headers.push_back(lower);
      }
    }
    EXPECT_EQ(signature(m, signed_headers, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                        "20150830T123600Z", "us-east-1", "service"),
              c.signature)
        << c.name;
  }
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
