#include "ddb/value/key_encoding.h"

#include "ddb/value/number.h"

namespace ddb {

namespace {

void append_escaped_bytes(std::string& out, const std::string& bytes) {
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xFF');
  }
  out.push_back('\0');
  out.push_back('\x01');
}

void append_number(std::string& out, const std::string& canonical) {
  std::string error;
  auto n = Number::parse(canonical, &error);
  if (!n || n->is_zero()) {
    out.push_back('\x02');
    return;
  }
  uint16_t exponent = static_cast<uint16_t>(n->point_exponent() + 1000);
  if (n->negative()) {
    out.push_back('\x01');
    exponent = static_cast<uint16_t>(0xFFFF - exponent);
    out.push_back(static_cast<char>(exponent >> 8));
    out.push_back(static_cast<char>(exponent & 0xFF));
    for (char d : n->digits()) out.push_back(static_cast<char>(0xFF - static_cast<uint8_t>(d)));
    out.push_back('\xFF');
  } else {
    out.push_back('\x03');
    out.push_back(static_cast<char>(exponent >> 8));
    out.push_back(static_cast<char>(exponent & 0xFF));
    out.append(n->digits());
    out.push_back('\0');
  }
}

}  // namespace

void append_key_value(std::string& out, const AttributeValue& value) {
  if (value.type == ValueType::N)
    append_number(out, value.scalar);
  else
    append_escaped_bytes(out, value.scalar);
}

std::string encode_key_value(const AttributeValue& value) {
  std::string out;
  append_key_value(out, value);
  return out;
}

uint64_t partition_hash(const AttributeValue& value) {
  std::string bytes = encode_key_value(value);
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  // splitmix64 finalizer: spreads nearby inputs over the whole hash space.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

void append_u64_be(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void append_u32_be(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

uint64_t read_u64_be(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

}  // namespace ddb
