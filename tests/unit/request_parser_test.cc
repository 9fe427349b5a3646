// RequestParser: what the server's sessions read of a request, and that a RequestData reused for
// the next request keeps nothing of the one before.
#include "net/request_parser.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <string>

namespace net {
namespace {

namespace http = boost::beast::http;

// Feeds `text` to a new parser over `data` in pieces of `step` bytes, as the socket might
// deliver it; returns the error the parser stopped with (none when the request is complete).
boost::beast::error_code parse(RequestData& data, const WantedHeaders& wanted,
                               const std::string& text, size_t step = 1 << 20,
                               bool collect_all = false, uint64_t body_limit = 1 << 20) {
  RequestParser parser(data, wanted, collect_all);
  parser.eager(true);
  parser.body_limit(body_limit);
  parser.header_limit(1024);
  boost::beast::error_code ec;
  std::string pending;
  for (size_t at = 0; at < text.size() && !parser.is_done(); at += step) {
    pending += text.substr(at, step);
    for (;;) {
      size_t used = parser.put(boost::asio::buffer(pending), ec);
      pending.erase(0, used);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return ec;
      if (parser.is_done() || used == 0) break;
    }
  }
  if (!parser.is_done() && !ec) ec = http::error::need_more;
  return ec;
}

TEST(RequestParser, ReadsTheRequestLineBodyAndTheFirstValueOfEachHeader) {
  WantedHeaders wanted({"X-Amz-Target", "Content-Encoding"});
  RequestData data;
  std::string request =
      "POST /a/b?x=1 HTTP/1.1\r\n"
      "Host: example\r\n"
      "x-amz-target: DynamoDB_20120810.GetItem\r\n"
      "X-Amz-Target: second\r\n"
      "Authorization: AWS4-HMAC-SHA256 Credential=k/20260101/eu-west-2/dynamodb/aws4_request\r\n"
      "If-None-Match:\r\n"
      "Content-Length: 7\r\n"
      "\r\n"
      "{\"a\":1}";
  for (size_t step : {size_t(1), size_t(5), request.size()}) {
    ASSERT_FALSE(parse(data, wanted, request, step)) << step;
    EXPECT_EQ(data.method, http::verb::post);
    EXPECT_EQ(data.method_string, "POST");
    EXPECT_EQ(data.target, "/a/b?x=1");
    EXPECT_EQ(data.version, 11u);
    EXPECT_EQ(data.body, "{\"a\":1}");
    EXPECT_EQ(data.header(RequestData::kHost), "example");
    EXPECT_EQ(data.header(RequestData::kFirstWanted), "DynamoDB_20120810.GetItem");
    EXPECT_EQ(data.header(RequestData::kAuthorization).substr(0, 16), "AWS4-HMAC-SHA256");
    // Present but empty has data; absent has none.
    EXPECT_NE(data.header(RequestData::kIfNoneMatch).data(), nullptr);
    EXPECT_TRUE(data.header(RequestData::kIfNoneMatch).empty());
    EXPECT_EQ(data.header(RequestData::kFirstWanted + 1).data(), nullptr);
    EXPECT_EQ(data.header(RequestData::kOrigin).data(), nullptr);
    EXPECT_TRUE(data.all_headers.empty());
  }
}

TEST(RequestParser, AReusedRequestDataKeepsNothingOfTheRequestBefore) {
  WantedHeaders wanted({"X-Amz-Target"});
  RequestData data;
  ASSERT_FALSE(parse(data, wanted,
                     "POST / HTTP/1.1\r\nOrigin: o\r\nX-Amz-Target: t\r\nContent-Length: 2\r\n"
                     "\r\n{}"));
  ASSERT_FALSE(parse(data, wanted, "GET /health HTTP/1.0\r\nHost: h\r\n\r\n"));
  EXPECT_EQ(data.method, http::verb::get);
  EXPECT_EQ(data.target, "/health");
  EXPECT_EQ(data.version, 10u);
  EXPECT_EQ(data.body, "");
  EXPECT_EQ(data.header(RequestData::kHost), "h");
  EXPECT_EQ(data.header(RequestData::kOrigin).data(), nullptr);
  EXPECT_EQ(data.header(RequestData::kFirstWanted).data(), nullptr);
}

TEST(RequestParser, ABodysBufferIsKeptForTheNextRequestUnlessItPassedOneMegabyte) {
  WantedHeaders wanted({});
  RequestData data;
  auto with_body = [](size_t size) {
    return "POST / HTTP/1.1\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n" +
           std::string(size, 'b');
  };
  ASSERT_FALSE(parse(data, wanted, with_body(100'000), 1 << 20, false, 4 << 20));
  ASSERT_FALSE(parse(data, wanted, with_body(10)));
  EXPECT_EQ(data.body, std::string(10, 'b'));
  EXPECT_GE(data.body.capacity(), 100'000u);
  ASSERT_FALSE(parse(data, wanted, with_body(2 << 20), 1 << 20, false, 4 << 20));
  EXPECT_EQ(data.body.size(), size_t(2 << 20));
  ASSERT_FALSE(parse(data, wanted, with_body(10)));
  EXPECT_LT(data.body.capacity(), size_t(1 << 20));
}

TEST(RequestParser, AChunkedBodyIsJoinedAndEveryHeaderCollectedWhenAsked) {
  WantedHeaders wanted({});
  RequestData data;
  std::string request =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX-Custom: v\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
  for (size_t step : {size_t(1), size_t(7), request.size()}) {
    ASSERT_FALSE(parse(data, wanted, request, step, true)) << step;
    EXPECT_EQ(data.body, "abcde");
    ASSERT_EQ(data.all_headers.size(), 2u);
    EXPECT_EQ(data.all_headers[0].first, "Transfer-Encoding");
    EXPECT_EQ(data.all_headers[1], (std::pair<std::string, std::string>{"X-Custom", "v"}));
  }
}

TEST(RequestParser, TheServersLimitsAreBeastsErrors) {
  WantedHeaders wanted({});
  RequestData data;
  EXPECT_EQ(parse(data, wanted, "POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world", 1 << 20,
                  false, 10),
            http::error::body_limit);
  EXPECT_EQ(parse(data, wanted, "POST / HTTP/1.1\r\nX: " + std::string(2000, 'a') + "\r\n\r\n"),
            http::error::header_limit);
  EXPECT_EQ(
      parse(data, wanted, "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
      http::error::bad_content_length);
}

TEST(RequestParser, WantedHeadersAreMatchedByNameWhateverTheirCase) {
  WantedHeaders wanted({"last-event-id", "x-amz-target"});
  RequestData data;
  ASSERT_FALSE(
      parse(data, wanted, "GET /events HTTP/1.1\r\nLAST-EVENT-ID: 42\r\nX-AMZ-TARGET: t\r\n\r\n"));
  EXPECT_EQ(data.header(RequestData::kFirstWanted), "42");
  EXPECT_EQ(data.header(RequestData::kFirstWanted + 1), "t");
}

}  // namespace
}  // namespace net
