#include "cruddur/api/web_assets.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace cruddur {
namespace {

class WebAssetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("web-assets-" + std::to_string(getpid()));
    std::filesystem::create_directories(root_ / "img");
    write("index.html", "<!doctype html><title>x</title>");
    write("app.js", "export const x = 1;\n");
    write("img/icon.svg", "<svg/>");
    outside_ = root_.string() + "-secret";
    std::ofstream(outside_) << "secret";
    std::filesystem::create_symlink(outside_, root_ / "link.txt");
  }
  void TearDown() override {
    std::filesystem::remove_all(root_);
    std::filesystem::remove(outside_);
  }
  void write(const std::string& name, const std::string& content) {
    std::ofstream(root_ / name, std::ios::binary) << content;
  }
  static net::HttpRequestView get(std::string_view path, std::string_view if_none_match = "",
                                  std::string_view accept_encoding = "") {
    net::HttpRequestView request;
    request.method = "GET";
    request.path = path;
    request.if_none_match = if_none_match;
    request.accept_encoding = accept_encoding;
    return request;
  }
  static std::string gunzip(const std::string& data) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    std::string out(1 << 20, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    return out;
  }
  static std::string header(const net::HttpReply& reply, const std::string& name) {
    for (const auto& [key, value] : reply.headers) {
      if (key == name) return value;
    }
    return "";
  }

  std::filesystem::path root_;
  std::string outside_;
};

TEST_F(WebAssetsTest, ServesEachFileWithItsTypeAndIndexAtTheRoot) {
  WebAssets assets = WebAssets::load(root_.string());
  EXPECT_EQ(assets.size(), 3u);  // the link out of the directory is not served
  auto index = assets.serve(get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><title>x</title>");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(header(*index, "Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(header(*index, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(assets.serve(get("/index.html"))->body, index->body);
  EXPECT_EQ(assets.serve(get("/app.js"))->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(assets.serve(get("/img/icon.svg"))->content_type, "image/svg+xml");
  EXPECT_EQ(header(*assets.serve(get("/app.js")), "Content-Security-Policy"), "");
}

TEST_F(WebAssetsTest, AnswersNothingOutsideItsFiles) {
  WebAssets assets = WebAssets::load(root_.string());
  for (const char* path : {"/missing.js", "/link.txt", "/../web-assets-secret", "/img", "/img/",
                           "//app.js", "/app.js/", ""}) {
    EXPECT_FALSE(assets.serve(get(path))) << path;
  }
}

TEST_F(WebAssetsTest, ARevalidationWithTheCurrentTagGetsA304WithoutBody) {
  WebAssets assets = WebAssets::load(root_.string());
  std::string etag = header(*assets.serve(get("/app.js")), "ETag");
  ASSERT_EQ(etag.size(), 34u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(header(*assets.serve(get("/app.js")), "Cache-Control"), "no-cache");
  for (std::string tags : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto reply = assets.serve(get("/app.js", tags));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 304) << tags;
    EXPECT_EQ(reply->body, "") << tags;
    EXPECT_EQ(header(*reply, "ETag"), etag);
  }
  auto stale = assets.serve(get("/app.js", "\"0123\""));
  EXPECT_EQ(stale->status, 200);
  EXPECT_EQ(stale->body, "export const x = 1;\n");
  // Another file has another tag.
  EXPECT_NE(header(*assets.serve(get("/")), "ETag"), etag);
}

TEST_F(WebAssetsTest, GzipsWhatShrinksForClientsThatAcceptIt) {
  std::string script;
  for (int i = 0; i < 200; ++i) script += "export const line" + std::to_string(i) + " = 'same';\n";
  write("big.js", script);
  WebAssets assets = WebAssets::load(root_.string());
  auto plain = assets.serve(get("/big.js"));
  EXPECT_EQ(plain->body, script);
  EXPECT_EQ(header(*plain, "Content-Encoding"), "");
  EXPECT_EQ(header(*plain, "Vary"), "Accept-Encoding");
  auto packed = assets.serve(get("/big.js", "", "gzip, deflate, br"));
  EXPECT_EQ(header(*packed, "Content-Encoding"), "gzip");
  EXPECT_LT(packed->body.size(), script.size() / 4);
  EXPECT_EQ(gunzip(packed->body), script);
  // Each representation has its own tag, and revalidates only itself.
  std::string tag = header(*packed, "ETag");
  EXPECT_NE(tag, header(*plain, "ETag"));
  EXPECT_EQ(assets.serve(get("/big.js", tag, "gzip"))->status, 304);
  EXPECT_EQ(assets.serve(get("/big.js", tag, ""))->status, 200);
  // gzip;q=0 refuses it; a tiny file is not worth compressing.
  EXPECT_EQ(header(*assets.serve(get("/big.js", "", "gzip;q=0, br")), "Content-Encoding"), "");
  auto tiny = assets.serve(get("/img/icon.svg", "", "gzip"));
  EXPECT_EQ(header(*tiny, "Content-Encoding"), "");
  EXPECT_EQ(header(*tiny, "Vary"), "");
}

TEST_F(WebAssetsTest, AcceptEncodingParsing) {
  EXPECT_TRUE(WebAssets::accepts_gzip("gzip"));
  EXPECT_TRUE(WebAssets::accepts_gzip("deflate, gzip;q=0.5"));
  EXPECT_TRUE(WebAssets::accepts_gzip("br;q=1.0, gzip ; q=0.8"));
  EXPECT_TRUE(WebAssets::accepts_gzip("*"));
  EXPECT_TRUE(WebAssets::accepts_gzip("x-gzip"));
  EXPECT_FALSE(WebAssets::accepts_gzip(""));
  EXPECT_FALSE(WebAssets::accepts_gzip("identity"));
  EXPECT_FALSE(WebAssets::accepts_gzip("br, deflate"));
  EXPECT_FALSE(WebAssets::accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(WebAssets::accepts_gzip("gzip;q=0.000"));
  EXPECT_FALSE(WebAssets::accepts_gzip("gzipped"));
}

TEST_F(WebAssetsTest, ContentTypesByExtension) {
  EXPECT_EQ(WebAssets::content_type("a/b.css"), "text/css; charset=utf-8");
  EXPECT_EQ(WebAssets::content_type("m.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(WebAssets::content_type("x.png"), "image/png");
  EXPECT_EQ(WebAssets::content_type("manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(WebAssets::content_type("README"), "application/octet-stream");
}

TEST_F(WebAssetsTest, AMissingDirectoryIsAnError) {
  EXPECT_THROW(WebAssets::load((root_ / "nope").string()), std::runtime_error);
  EXPECT_THROW(WebAssets::load((root_ / "app.js").string()), std::runtime_error);
}

}  // namespace
}  // namespace cruddur
