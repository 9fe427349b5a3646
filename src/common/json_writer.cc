#include "common/json_writer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace common {
namespace {

// The length of the prefix of `s` from `from` on that JSON carries as it is: no control
// character, quote or backslash. Sixteen bytes at a time where SSE2 is there (every x86-64):
// item strings are mostly such runs, and escaping was ~9% of a 20-item Query.
size_t plain_run(std::string_view s, size_t from) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i below_space = _mm_set1_epi8(0x1f);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= s.size(); i += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // c <= 0x1f (unsigned) is max(c, 0x1f) == 0x1f.
    __m128i special =
        _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(chunk, below_space), below_space),
                     _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)));
    if (int mask = _mm_movemask_epi8(special)) return i + __builtin_ctz(mask) - from;
  }
#endif
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') break;
  }
  return i - from;
}

}  // namespace

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_value_.empty()) {
    if (has_value_.back()) out_.push_back(',');
    has_value_.back() = true;
  }
}

void JsonWriter::begin_object() {
  separate();
  out_.push_back('{');
  has_value_.push_back(false);
}

void JsonWriter::end_object() {
  out_.push_back('}');
  has_value_.pop_back();
}

void JsonWriter::begin_array() {
  separate();
  out_.push_back('[');
  has_value_.push_back(false);
}

void JsonWriter::end_array() {
  out_.push_back(']');
  has_value_.pop_back();
}

void JsonWriter::key(std::string_view name) {
  separate();
  write_escaped(name);
  out_.push_back(':');
  after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
  separate();
  write_escaped(s);
}

void JsonWriter::write_escaped(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out_.push_back('"');
  for (size_t i = 0;;) {
    size_t run = plain_run(s, i);
    out_.append(s.data() + i, run);
    i += run;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i++]);
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      default:
        out_ += "\\u00";
        out_.push_back(hex[c >> 4]);
        out_.push_back(hex[c & 15]);
    }
  }
  out_.push_back('"');
}

void JsonWriter::number(int64_t n) {
  separate();
  out_ += std::to_string(n);
}

void JsonWriter::number(double d) {
  separate();
  if (!std::isfinite(d)) {
    out_ += "0";
    return;
  }
  char buf[32];
  int len = std::snprintf(buf, sizeof buf, "%.17g", d);
  // Prefer the shortest text that round-trips.
  for (int precision = 1; precision < 17; ++precision) {
    char shorter[32];
    int n = std::snprintf(shorter, sizeof shorter, "%.*g", precision, d);
    if (std::strtod(shorter, nullptr) == d) {
      len = n;
      std::memcpy(buf, shorter, static_cast<size_t>(n) + 1);
      break;
    }
  }
  out_.append(buf, static_cast<size_t>(len));
  // A double always shows a fraction (1.0), as DynamoDB writes CapacityUnits.
  if (!std::strpbrk(buf, ".eEn")) out_ += ".0";
}

void JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
}

void JsonWriter::boolean(bool b) {
  separate();
  out_ += b ? "true" : "false";
}

void JsonWriter::null() {
  separate();
  out_ += "null";
}

}  // namespace common
