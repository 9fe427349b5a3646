#include "cruddur/api/web_assets.h"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cruddur {

namespace {

constexpr size_t kMaxTotalBytes = 16 << 20;

// A strong validator: the first 16 bytes of the content's SHA-256, quoted.
std::string etag_of(const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_Digest(body.data(), body.size(), digest, &length, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (unsigned i = 0; i < 16 && i < length; ++i) {
    tag += kHex[digest[i] >> 4];
    tag += kHex[digest[i] & 15];
  }
  return tag + "\"";
}

// If-None-Match holds "*" or a comma-separated list of entity tags, weak ones prefixed W/.
bool matches(std::string_view if_none_match, std::string_view etag) {
  size_t start = 0;
  while (start < if_none_match.size()) {
    size_t end = if_none_match.find(',', start);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view candidate = if_none_match.substr(start, end - start);
    while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
    while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
    if (candidate.substr(0, 2) == "W/") candidate.remove_prefix(2);
    if (candidate == "*" || candidate == etag) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::string WebAssets::content_type(const std::string& name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  };
  std::string extension = std::filesystem::path(name).extension().string();
  for (const auto& [suffix, type] : kTypes) {
    if (extension == suffix) return type;
  }
  return "application/octet-stream";
}

WebAssets WebAssets::load(const std::string& root) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(root)) throw std::runtime_error("no web UI directory at " + root);
  WebAssets assets;
  size_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.is_symlink()) continue;
    std::string relative = fs::relative(entry.path(), root).generic_string();
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    File file{content.str(), content_type(relative), ""};
    total += file.body.size();
    if (total > kMaxTotalBytes) {
      throw std::runtime_error("the web UI directory " + root + " holds more than 16 MB");
    }
    file.etag = etag_of(file.body);
    assets.files_.emplace("/" + relative, std::move(file));
  }
  return assets;
}

std::optional<ddb::HttpReply> WebAssets::serve(const ddb::HttpRequestView& request) const {
  std::string_view path = request.path == "/" ? "/index.html" : request.path;
  auto found = files_.find(path);
  if (found == files_.end()) return std::nullopt;
  const File& file = found->second;
  ddb::HttpReply reply;
  reply.content_type = file.content_type;
  reply.headers = {
      {"ETag", file.etag},
      // Always revalidate: a new build of the UI is picked up on the next load.
      {"Cache-Control", "no-cache"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
  };
  if (file.content_type.rfind("text/html", 0) == 0) {
    reply.headers.emplace_back("Content-Security-Policy",
                               "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  }
  if (matches(request.if_none_match, file.etag)) {
    reply.status = 304;
    return reply;
  }
  reply.body = file.body;
  return reply;
}

}  // namespace cruddur
