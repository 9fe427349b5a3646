#include "net/content_coding.h"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "common/ascii.h"

namespace net {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The quality of one list member's parameters ("q=0.5;x=y"): the first q, clamped to [0, 1];
// 1 when there is none or it cannot be read.
double quality(std::string_view parameters) {
  while (!parameters.empty()) {
    size_t semicolon = parameters.find(';');
    std::string_view parameter = trim(parameters.substr(0, semicolon));
    parameters = semicolon == std::string_view::npos ? "" : parameters.substr(semicolon + 1);
    size_t eq = parameter.find('=');
    if (eq == std::string_view::npos || common::ascii_lower(trim(parameter.substr(0, eq))) != "q")
      continue;
    std::string value(trim(parameter.substr(eq + 1)));
    char* end = nullptr;
    double q = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size()) return 1.0;
    return std::clamp(q, 0.0, 1.0);
  }
  return 1.0;
}

}  // namespace

std::string choose_content_coding(std::string_view accept_encoding) {
  struct Candidate {
    double quality = -1;  // < 0: not offered
    bool named = false;   // named outright, not through "*"
    size_t position = 0;
  };
  Candidate gzip, deflate;
  std::optional<double> any;
  size_t position = 0;
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view member = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
    size_t semicolon = member.find(';');
    std::string coding = common::ascii_lower(trim(member.substr(0, semicolon)));
    double q = semicolon == std::string_view::npos ? 1.0 : quality(member.substr(semicolon + 1));
    ++position;
    Candidate* named = coding == "gzip" ? &gzip : coding == "deflate" ? &deflate : nullptr;
    if (named) {
      // A coding listed again keeps its best quality and its first place.
      if (!named->named) *named = {q, true, position};
      named->quality = std::max(named->quality, q);
    } else if (coding == "*" && !any) {
      any = q;
    }
  }
  for (Candidate* c : {&gzip, &deflate}) {
    if (!c->named && any) *c = {*any, false, c == &gzip ? 0u : 1u};
  }
  auto better = [](const Candidate& a, const Candidate& b) {
    if (a.quality != b.quality) return a.quality > b.quality;
    if (a.named != b.named) return a.named;
    return a.position < b.position;
  };
  const Candidate& best = better(deflate, gzip) ? deflate : gzip;
  if (best.quality <= 0) return "";
  return &best == &gzip ? "gzip" : "deflate";
}

std::string compress_body(std::string_view coding, std::string_view body, int level) {
  z_stream stream{};
  int window_bits = coding == "gzip" ? 15 + 16 : 15;
  if (deflateInit2(&stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("cannot start compressing");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(body.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("cannot compress");
  return out;
}

}  // namespace net
