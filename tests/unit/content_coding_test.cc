// Which coding an Accept-Encoding asks for, case by case as DynamoDB answers them (ScyllaDB
// Alternator's test_compressed_response.py pins these against DynamoDB).
#include "net/content_coding.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace net {
namespace {

TEST(ContentCodingTest, ChoosesAsDynamoDBDoes) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"identity", ""},
      {"br", ""},
      {"zstd", ""},
      {"x-gzip", ""},
      {"gzip", "gzip"},
      {"deflate", "deflate"},
      {"gzip, deflate", "gzip"},
      {"br, identity, deflate, gzip", "deflate"},
      {"GZIP, identity", "gzip"},
      {"dog, gzip ,, cat", "gzip"},
      {"gzip;q=0.8, deflate;q=0.5", "gzip"},
      {"br, gzip;q=0, deflate; q = 0.5 , identity;q=0", "deflate"},
      {"*", "gzip"},
      {"*, deflate;q=0.5", "gzip"},
      {"*, deflate", "deflate"},
      {"*, identity", "gzip"},
      {"*, gzip;q=0.5", "deflate"},
      {"gzip ;q=0", ""},
      {"identity;q=0", ""},
      {"*;q=0", ""},
      {"*;q=0.5,identity", "gzip"},
      {"gzip;q=0.5,identity;q=0.8", "gzip"},
      {"br;q=0.8,identity;q=0.5,*;q=0", ""},
      {"\"gzip\"", ""},
      {"gzip br", ""},
      {"gzip:q=1", ""},
      {"deflate;q=0.5, gzip;q=31", "gzip"},
      {"gzip;q=31,deflate;q=51", "gzip"},
      {"deflate;q=0.5, gzip;q=0.2", "deflate"},
      {"deflate;q=0.5, gzip;q=1;q=0.2", "gzip"},
      {"deflate;q=0.5,gzip;q=0.", "deflate"},
      {"deflate;q=0.5,gzip;q=0.x", "gzip"},
      {"deflate;q=-0.5,gzip;q=0.2", "gzip"},
      {"gzip;nq=1;q=0 ", ""},
      {"gzip;q=0, gzip;q=1, gzip;q=0", "gzip"},
      {"br,identity;q=0.5,gzip;q=0.0001", "gzip"},
  };
  for (const auto& [accept, expected] : cases) {
    EXPECT_EQ(choose_content_coding(accept), expected) << "Accept-Encoding: " << accept;
  }
}

TEST(ContentCodingTest, CompressedBodiesInflateBack) {
  std::string body(10000, 'x');
  for (const char* coding : {"gzip", "deflate"}) {
    std::string compressed = compress_body(coding, body);
    EXPECT_LT(compressed.size(), body.size() / 10) << coding;
    std::string out(body.size(), '\0');
    z_stream stream{};
    ASSERT_EQ(inflateInit2(&stream, std::string(coding) == "gzip" ? 15 + 16 : 15), Z_OK);
    stream.next_in = reinterpret_cast<Bytef*>(compressed.data());
    stream.avail_in = static_cast<uInt>(compressed.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END) << coding;
    inflateEnd(&stream);
    EXPECT_EQ(out, body) << coding;
  }
}

}  // namespace
}  // namespace net
