#include "aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "common/ascii.h"

namespace aws {

namespace {

// Trims and folds runs of spaces into one, as SigV4 canonical header values require.
std::string canonical_value(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string uri_encode(std::string_view s, bool keep_slash) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

std::string uri_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// RFC 3986 dot-segment removal, with empty segments dropped too, as AWS services (but S3)
// normalise the path before signing.
std::string normalized_path(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out = "/";
  for (size_t i = 0; i < segments.size(); ++i) out += (i ? "/" : "") + std::string(segments[i]);
  if (!segments.empty() && path.back() == '/') out += "/";
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(start, end - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string key = uri_decode(part.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : uri_decode(part.substr(eq + 1));
      pairs.emplace_back(uri_encode(key, false), uri_encode(value, false));
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

}  // namespace

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string canonical_request(const HttpMessage& message, std::vector<std::string> signed_headers) {
  for (auto& h : signed_headers) h = common::ascii_lower(h);
  std::sort(signed_headers.begin(), signed_headers.end());
  std::map<std::string, std::string> values;
  for (const auto& [name, value] : message.headers) {
    std::string key = common::ascii_lower(name);
    if (!std::binary_search(signed_headers.begin(), signed_headers.end(), key)) continue;
    std::string& slot = values[key];
    slot += (slot.empty() ? "" : ",") + canonical_value(value);
  }
  std::string out(message.method);
  out += "\n";
  out += uri_encode(normalized_path(uri_decode(message.path)), true);
  out += "\n" + canonical_query(message.query) + "\n";
  for (const auto& name : signed_headers) out += name + ":" + values[name] + "\n";
  out += "\n";
  for (size_t i = 0; i < signed_headers.size(); ++i) out += (i ? ";" : "") + signed_headers[i];
  out += "\n" + sha256_hex(message.payload);
  return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical) {
  return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + std::string(scope) + "\n" +
         sha256_hex(canonical);
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  std::string key = hmac_sha256("AWS4" + std::string(secret), date);
  key = hmac_sha256(key, region);
  key = hmac_sha256(key, service);
  return hmac_sha256(key, "aws4_request");
}

std::string signature(const HttpMessage& message, const std::vector<std::string>& signed_headers,
                      std::string_view secret, std::string_view amz_date, std::string_view region,
                      std::string_view service) {
  std::string date(amz_date.substr(0, 8));
  std::string scope =
      date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  std::string to_sign = string_to_sign(amz_date, scope, canonical_request(message, signed_headers));
  return hex(hmac_sha256(signing_key(secret, date, region, service), to_sign));
}

bool parse_authorization(std::string_view header, AuthorizationHeader* out) {
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
  if (header.substr(0, kAlgorithm.size()) != kAlgorithm) return false;
  header.remove_prefix(kAlgorithm.size());
  std::map<std::string, std::string> parts;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    parts[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
  }
  if (!parts.count("Credential") || !parts.count("SignedHeaders") || !parts.count("Signature")) {
    return false;
  }
  std::vector<std::string> scope;
  std::string_view credential = parts["Credential"];
  size_t start = 0;
  while (true) {
    size_t slash = credential.find('/', start);
    scope.emplace_back(credential.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (scope.size() != 5) return false;
  out->access_key = scope[0];
  out->date = scope[1];
  out->region = scope[2];
  out->service = scope[3];
  out->terminator = scope[4];
  out->signed_headers.clear();
  std::string_view names = parts["SignedHeaders"];
  start = 0;
  while (start <= names.size()) {
    size_t semi = names.find(';', start);
    if (semi == std::string_view::npos) semi = names.size();
    if (semi > start) out->signed_headers.emplace_back(names.substr(start, semi - start));
    start = semi + 1;
  }
  out->signature = parts["Signature"];
  return true;
}

}  // namespace aws
