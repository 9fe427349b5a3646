#include "ddb/value/key_encoding.h"

#include "ddb/value/number.h"

#include <string_view>

namespace ddb {

namespace {

// The encoding of a string or binary value, handed to `piece` in pieces: each zero byte is
// followed by 0xFF, and the value ends with 0x00 0x01, so that the encoding sorts as the bytes
// do and no value's encoding is a prefix of another's. The runs between zero bytes (all of most
// keys) go whole. One walk for both the key and the partition hash, which must agree byte for
// byte (the on-disk format).
template <typename Piece>
void escaped_pieces(std::string_view bytes, Piece piece) {
  for (size_t from = 0;;) {
    size_t zero = bytes.find('\0', from);
    if (zero == std::string_view::npos) {
      piece(bytes.substr(from));
      break;
    }
    piece(bytes.substr(from, zero + 1 - from));
    piece(std::string_view("\xFF", 1));
    from = zero + 1;
  }
  piece(std::string_view("\0\x01", 2));
}

void append_escaped_bytes(std::string& out, const std::string& bytes) {
  out.reserve(out.size() + bytes.size() + 2);
  escaped_pieces(bytes, [&out](std::string_view piece) { out.append(piece); });
}

// FNV-1a over bytes.
uint64_t fnv1a(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
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
  // FNV-1a over encode_key_value(value); a string or binary value's encoding is hashed as it is
  // made, without building it.
  uint64_t h = 1469598103934665603ULL;
  if (value.type == ValueType::N) {
    h = fnv1a(h, encode_key_value(value));
  } else {
    escaped_pieces(value.scalar, [&h](std::string_view piece) { h = fnv1a(h, piece); });
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
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((v >> (56 - 8 * i)) & 0xFF);
  out.append(bytes, 8);
}

void append_u32_be(std::string& out, uint32_t v) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  out.append(bytes, 4);
}

uint64_t read_u64_be(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

}  // namespace ddb
