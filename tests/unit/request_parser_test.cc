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
                               bool collect_all = false, uint64_t body_limit = 1 << 20,
                               bool fast = true, bool* keep_alive = nullptr) {
  RequestParser parser(data, wanted, collect_all, fast);
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
  if (keep_alive && parser.is_header_done()) *keep_alive = parser.keep_alive();
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

// Each request whole in one read (the fast path's case, where it reads the head itself or hands
// it to Beast) reads as Beast alone reads it: same fields, same error, same keep-alive.
TEST(RequestParser, AHeadReadWholeReadsAsBeastReadsIt) {
  WantedHeaders wanted({"X-Amz-Target"});
  const std::string requests[] = {
      "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target:\tT \t\r\nContent-Length: 2\r\n\r\n{}",
      "POST / HTTP/1.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
      "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
      "GET / HTTP/1.1\r\nConnection: Keep-Alive\r\nConnection: CLOSE\r\n\r\n",
      "GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: h2c\r\n\r\n",
      "POST / HTTP/1.1\r\nX-Amz-Target: a\r\n b\r\n\r\n",  // obs-fold
      "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
      "POST / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\nx",
      "POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n",  // past the body limit
      "POST / HTTP/1.1\r\nX-Bad\x01: v\r\n\r\n",
      "POST / HTTP/1.1\r\nX: v\x01\r\n\r\n",
      "POST / HTTP/1.1\r\nX: caf\xc3\xa9\r\n\r\n",  // obs-text
      "POST  / HTTP/1.1\r\n\r\n",
      "POST / HTTP/1.2\r\n\r\n",
      "POST / HTTP/1.1\r\nX: v\n\r\n",
  };
  for (const std::string& request : requests) {
    RequestData fast, beast;
    bool fast_keep = false, beast_keep = false;  // set once a header was read
    auto fast_ec = parse(fast, wanted, request, 1 << 20, true, 1000, true, &fast_keep);
    auto beast_ec = parse(beast, wanted, request, 1 << 20, true, 1000, false, &beast_keep);
    EXPECT_EQ(fast_ec, beast_ec) << request;
    EXPECT_EQ(fast_keep, beast_keep) << request;
    EXPECT_EQ(fast.method_string, beast.method_string) << request;
    EXPECT_EQ(fast.target, beast.target) << request;
    EXPECT_EQ(fast.version, beast.version) << request;
    EXPECT_EQ(fast.body, beast.body) << request;
    EXPECT_EQ(fast.all_headers, beast.all_headers) << request;
    EXPECT_EQ(fast.header(RequestData::kFirstWanted), beast.header(RequestData::kFirstWanted));
  }
  RequestData data;
  bool keep_alive = true;
  ASSERT_FALSE(parse(data, wanted, requests[1], 1 << 20, false, 1000, true, &keep_alive));
  EXPECT_FALSE(keep_alive);
  ASSERT_FALSE(parse(data, wanted, requests[0], 1 << 20, false, 1000, true, &keep_alive));
  EXPECT_TRUE(keep_alive);
  EXPECT_EQ(data.header(RequestData::kFirstWanted), "T");
}

}  // namespace
}  // namespace net
