#include "cruddur/api/web_assets.h"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "net/content_coding.h"

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

// Whether `test` holds for an element of a comma-separated header list (each element trimmed).
template <typename Test>
bool any_element(std::string_view list, Test test) {
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view element = list.substr(start, end - start);
    while (!element.empty() && (element.front() == ' ' || element.front() == '\t'))
      element.remove_prefix(1);
    while (!element.empty() && (element.back() == ' ' || element.back() == '\t'))
      element.remove_suffix(1);
    if (test(element)) return true;
    start = end + 1;
  }
  return false;
}

// If-None-Match holds "*" or a list of entity tags, weak ones prefixed W/.
bool matches(std::string_view if_none_match, std::string_view etag) {
  return any_element(if_none_match, [&](std::string_view tag) {
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    return tag == "*" || tag == etag;
  });
}

}  // namespace

std::string WebAssets::default_root() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "share/cruddur/web";
  return (exe.parent_path().parent_path() / "share" / "cruddur" / "web").string();
}

bool WebAssets::accepts_gzip(std::string_view accept_encoding) {
  return any_element(accept_encoding, [](std::string_view coding) {
    size_t semicolon = coding.find(';');
    std::string_view name = coding.substr(0, semicolon);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != "gzip" && name != "x-gzip" && name != "*") return false;
    if (semicolon == std::string_view::npos) return true;
    // "q=0" (or 0.0, 0.00, 0.000) refuses it.
    std::string_view parameters = coding.substr(semicolon + 1);
    size_t q = parameters.find("q=");
    if (q == std::string_view::npos) return true;
    std::string_view value = parameters.substr(q + 2);
    return value.find_first_not_of("0. ") != std::string_view::npos && !value.empty();
  });
}

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
    File file;
    file.body = content.str();
    file.content_type = content_type(relative);
    total += file.body.size();
    if (total > kMaxTotalBytes) {
      throw std::runtime_error("the web UI directory " + root + " holds more than 16 MB");
    }
    file.etag = etag_of(file.body);
    // Compressed once, at the best level; a file that does not shrink is served as it is.
    std::string compressed = net::compress_body("gzip", file.body, 9);
    if (compressed.size() + 64 < file.body.size()) {
      file.gzipped = std::move(compressed);
      file.gzipped_etag = file.etag.substr(0, file.etag.size() - 1) + "-gzip\"";
    }
    assets.files_.emplace("/" + relative, std::move(file));
  }
  return assets;
}

std::optional<net::HttpReply> WebAssets::serve(const net::HttpRequestView& request) const {
  std::string_view path = request.path == "/" ? "/index.html" : request.path;
  auto found = files_.find(path);
  if (found == files_.end()) return std::nullopt;
  const File& file = found->second;
  bool gzipped = !file.gzipped.empty() && accepts_gzip(request.accept_encoding);
  const std::string& etag = gzipped ? file.gzipped_etag : file.etag;
  net::HttpReply reply;
  reply.content_type = file.content_type;
  reply.headers = {
      {"ETag", etag},
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
  if (!file.gzipped.empty()) reply.headers.emplace_back("Vary", "Accept-Encoding");
  if (gzipped) reply.headers.emplace_back("Content-Encoding", "gzip");
  if (matches(request.if_none_match, etag)) {
    reply.status = 304;
    return reply;
  }
  reply.body = gzipped ? file.gzipped : file.body;
  return reply;
}

}  // namespace cruddur
