#include "common/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace common {
namespace {

#if defined(__SSE2__)
// Bit i set where byte i of the 16 is one JSON cannot carry as it is: a control character, a
// quote or a backslash.
inline unsigned special_bytes(__m128i chunk) {
  const __m128i below_space = _mm_set1_epi8(0x1f);
  // c <= 0x1f (unsigned) is max(c, 0x1f) == 0x1f.
  __m128i special = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(chunk, below_space), below_space),
                                 _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('"')),
                                              _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(special));
}

inline __m128i load16(const char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
inline void store16(char* p, __m128i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}
// The upper 8 bytes zero.
inline __m128i load8(const char* p) {
  return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
}
inline void store8(char* p, __m128i v) {
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), v);
}
#endif

// Copies the n bytes at p to out, which has room for n, up to the first byte JSON cannot carry
// as it is (a control character, a quote or a backslash), and returns its position, or n. Bytes
// of out past that position may be written too; the caller writes over them.
//
// Sixteen bytes at a time where SSE2 is there (every x86-64). Item strings are mostly plain and
// most are short (names, type tags, keys), so the bytes past the last whole 16, and a string of
// 8 to 15, are done by loads that overlap what was already checked, never reading or writing
// outside the string; a byte at a time only below 8 bytes.
inline size_t copy_plain(const char* p, size_t n, char* out) {
#if defined(__SSE2__)
  if (n >= 16) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      __m128i chunk = load16(p + i);
      store16(out + i, chunk);
      if (unsigned mask = special_bytes(chunk)) return i + __builtin_ctz(mask);
    }
    if (i == n) return n;
    // The last 16 bytes, of which the first 16 - (n - i) were checked above.
    __m128i last = load16(p + n - 16);
    store16(out + n - 16, last);
    unsigned mask = special_bytes(last) >> (16 - (n - i));
    return mask ? i + __builtin_ctz(mask) : n;
  }
  if (n >= 8) {
    __m128i first = load8(p), last = load8(p + n - 8);
    store8(out, first);
    store8(out + n - 8, last);
    if (unsigned mask = special_bytes(first) & 0xff) return __builtin_ctz(mask);
    // The last 8 bytes, of which the first 16 - n were checked above.
    unsigned mask = (special_bytes(last) & 0xff) >> (16 - n);
    return mask ? 8 + __builtin_ctz(mask) : n;
  }
#endif
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
    out[i] = p[i];
  }
  return n;
}

}  // namespace

void JsonWriter::grow(size_t n) {
  // From 1 KB (a GetItem answer), four times larger up to 64 KB (a 20-item Query page of 9 KB
  // is in the third step, not the fifth: each step copies what was written and zeroes the
  // rest), then twice, so that a long answer's buffer (a 1 MB Scan page) is under twice its
  // text.
  auto next = [](size_t size) {
    return size < 1024 ? 1024 : size < (64 << 10) ? size * 4 : size * 2;
  };
  size_t size = next(out_.size());
  while (size - length_ < n) size = next(size);
  out_.resize(size);
}

std::string JsonWriter::take() {
  out_.resize(length_);
  std::string text = std::move(out_);
  out_.clear();
  length_ = 0;
  need_comma_ = false;
  return text;
}

void JsonWriter::append(std::string_view s) {
  std::memcpy(reserve(s.size()), s.data(), s.size());
  length_ += s.size();
}

void JsonWriter::begin_object() {
  separate();
  put('{');
  need_comma_ = false;
}

void JsonWriter::end_object() {
  put('}');
  need_comma_ = true;
}

void JsonWriter::begin_array() {
  separate();
  put('[');
  need_comma_ = false;
}

void JsonWriter::end_array() {
  put(']');
  need_comma_ = true;
}

void JsonWriter::key(std::string_view name) {
  separate();
  write_escaped(name);
  put(':');
  need_comma_ = false;
}

void JsonWriter::string(std::string_view s) {
  separate();
  write_escaped(s);
}

void JsonWriter::tagged_string(std::string_view tag, std::string_view s) {
  separate();
  // The whole value in one step when s is plain, as item strings mostly are: {"tag":"s"}.
  char* out = reserve(tag.size() + s.size() + 8);
  std::memcpy(out, "{\"", 2);
  std::memcpy(out + 2, tag.data(), tag.size());
  out += 2 + tag.size();
  std::memcpy(out, "\":\"", 3);
  size_t plain = copy_plain(s.data(), s.size(), out + 3);
  length_ += tag.size() + 5 + plain;
  if (plain < s.size()) write_escaped_rest(s, plain);
  std::memcpy(reserve(2), "\"}", 2);
  length_ += 2;
}

void JsonWriter::write_escaped(std::string_view s) {
  // The quotes and the string in one step while it is plain.
  char* out = reserve(s.size() + 2);
  out[0] = '"';
  size_t plain = copy_plain(s.data(), s.size(), out + 1);
  length_ += 1 + plain;
  if (plain < s.size()) write_escaped_rest(s, plain);
  put('"');
}

void JsonWriter::write_escaped_rest(std::string_view s, size_t from) {
  static const char* hex = "0123456789abcdef";
  for (size_t i = from;;) {
    // The rest of the string and the closing quote, in the common case all that is left.
    size_t rest = s.size() - i;
    size_t plain = copy_plain(s.data() + i, rest, reserve(rest + 1));
    length_ += plain;
    i += plain;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i++]);
    switch (c) {
      case '"':
        append("\\\"");
        break;
      case '\\':
        append("\\\\");
        break;
      case '\n':
        append("\\n");
        break;
      case '\r':
        append("\\r");
        break;
      case '\t':
        append("\\t");
        break;
      case '\b':
        append("\\b");
        break;
      case '\f':
        append("\\f");
        break;
      default: {
        char* u = reserve(6);
        std::memcpy(u, "\\u00", 4);
        u[4] = hex[c >> 4];
        u[5] = hex[c & 15];
        length_ += 6;
      }
    }
  }
}

void JsonWriter::number(int64_t n) {
  separate();
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  append({buf, static_cast<size_t>(end - buf)});
}

void JsonWriter::number(double d) {
  separate();
  if (!std::isfinite(d)) {
    put('0');
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
  append({buf, static_cast<size_t>(len)});
  // A double always shows a fraction (1.0), as DynamoDB writes CapacityUnits.
  if (!std::strpbrk(buf, ".eEn")) append(".0");
}

void JsonWriter::raw(std::string_view json) {
  separate();
  append(json);
}

void JsonWriter::boolean(bool b) {
  separate();
  append(b ? "true" : "false");
}

void JsonWriter::null() {
  separate();
  append("null");
}

}  // namespace common
