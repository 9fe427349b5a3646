// WebAssets: the web UI's static files (HTML, CSS, JavaScript), read once from a directory when
// the server starts and answered from memory, gzip-compressed too for the clients that accept it.
// Each representation carries a strong ETag, so a browser's revalidation (If-None-Match) costs a
// 304 and no body.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "net/http_types.h"

namespace cruddur {

class WebAssets {
 public:
  // Reads every regular file under `root` (not following links out of it). Throws
  // std::runtime_error if `root` is not a directory or holds more than a few megabytes.
  static WebAssets load(const std::string& root);

  // The file for a GET of `request.path` ("/" is index.html), gzipped when Accept-Encoding allows
  // and that is smaller, a 304 when the request's If-None-Match names the current version, or
  // nullopt when there is no such file.
  std::optional<net::HttpReply> serve(const net::HttpRequestView& request) const;

  size_t size() const { return files_.size(); }

  // Where an installed (or built) cruddur keeps its web UI: <prefix>/share/cruddur/web beside
  // <prefix>/bin/cruddur.
  static std::string default_root();

  // The media type for a file name, by its extension.
  static std::string content_type(const std::string& name);
  // Whether an Accept-Encoding header allows gzip.
  static bool accepts_gzip(std::string_view accept_encoding);

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
    std::string gzipped;  // empty when compression would not make it smaller
    std::string gzipped_etag;
  };
  std::map<std::string, File, std::less<>> files_;  // by URL path: "/index.html"
};

}  // namespace cruddur
