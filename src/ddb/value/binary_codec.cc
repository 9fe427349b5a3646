#include "ddb/value/binary_codec.h"

#include <cstdint>

#include "common/base64.h"

namespace ddb {

namespace {

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_bytes(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

void append_value(std::string& out, const AttributeValue& v) {
  out.push_back(static_cast<char>(v.type));
  switch (v.type) {
    case ValueType::S:
    case ValueType::N:
    case ValueType::B:
      put_bytes(out, v.scalar);
      break;
    case ValueType::BOOL:
      out.push_back(v.boolean ? 1 : 0);
      break;
    case ValueType::NUL:
      break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS:
      put_varint(out, v.set.size());
      for (const auto& s : v.set) put_bytes(out, s);
      break;
    case ValueType::L:
      put_varint(out, v.list.size());
      for (const auto& e : v.list) append_value(out, e);
      break;
    case ValueType::M:
      append_item(out, v.map);
      break;
  }
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      *v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool bytes(std::string* s) {
    uint64_t n;
    if (!varint(&n) || n > in_.size() - pos_) return false;
    s->assign(in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool view(std::string_view* s) {
    uint64_t n;
    if (!varint(&n) || n > in_.size() - pos_) return false;
    *s = in_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool byte(uint8_t* b) {
    if (pos_ >= in_.size()) return false;
    *b = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

  bool item(Item* item, int depth) {
    uint64_t count;
    if (depth > 64 || !varint(&count)) return false;
    for (uint64_t i = 0; i < count; ++i) {
      std::string name;
      AttributeValue v;
      if (!bytes(&name) || !value(&v, depth)) return false;
      item->insert_or_assign(std::move(name), std::move(v));
    }
    return true;
  }

  bool value(AttributeValue* v, int depth) {
    uint8_t type;
    if (!byte(&type) || type > static_cast<uint8_t>(ValueType::BS)) return false;
    v->type = static_cast<ValueType>(type);
    uint64_t count;
    switch (v->type) {
      case ValueType::S:
      case ValueType::N:
      case ValueType::B:
        return bytes(&v->scalar);
      case ValueType::BOOL: {
        uint8_t b;
        if (!byte(&b)) return false;
        v->boolean = b != 0;
        return true;
      }
      case ValueType::NUL:
        v->boolean = true;
        return true;
      case ValueType::SS:
      case ValueType::NS:
      case ValueType::BS:
        if (!varint(&count) || count > in_.size()) return false;
        v->set.resize(count);
        for (auto& s : v->set) {
          if (!bytes(&s)) return false;
        }
        return true;
      case ValueType::L:
        if (!varint(&count) || count > in_.size()) return false;
        v->list.resize(count);
        for (auto& e : v->list) {
          if (!value(&e, depth + 1)) return false;
        }
        return true;
      case ValueType::M:
        return item(&v->map, depth + 1);
    }
    return false;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

// Walks a stored item once, either writing it as JSON or adding up its size.
class Walker {
 public:
  Walker(Reader& reader, common::JsonWriter* out) : reader_(reader), out_(out) {}
  size_t size = 0;

  bool item(int depth, bool nested) {
    uint64_t count;
    if (depth > 64 || !reader_.varint(&count)) return false;
    if (out_) out_->begin_object();
    for (uint64_t i = 0; i < count; ++i) {
      std::string_view name;
      if (!reader_.view(&name)) return false;
      if (out_) out_->key(name);
      size += name.size() + (nested ? 1 : 0);
      if (!value(depth)) return false;
    }
    if (out_) out_->end_object();
    return true;
  }

 private:
  bool value(int depth) {
    uint8_t type_byte;
    if (!reader_.byte(&type_byte) || type_byte > static_cast<uint8_t>(ValueType::BS)) return false;
    auto type = static_cast<ValueType>(type_byte);
    std::string_view s;
    if (type == ValueType::S || type == ValueType::N || type == ValueType::B) {
      if (!reader_.view(&s)) return false;
      size += type == ValueType::N ? number_size(s) : s.size();
      if (out_) {
        out_->tagged_string(type_name(type),
                            type == ValueType::B ? std::string_view(common::base64_encode(s)) : s);
      }
      return true;
    }
    if (out_) {
      out_->begin_object();
      out_->key(type_name(type));
    }
    uint64_t count;
    switch (type) {
      case ValueType::S:
      case ValueType::N:
      case ValueType::B:
        break;  // above
      case ValueType::BOOL: {
        uint8_t b;
        if (!reader_.byte(&b)) return false;
        size += 1;
        if (out_) out_->boolean(b != 0);
        break;
      }
      case ValueType::NUL:
        size += 1;
        if (out_) out_->boolean(true);
        break;
      case ValueType::SS:
      case ValueType::NS:
      case ValueType::BS:
        if (!reader_.varint(&count)) return false;
        if (out_) out_->begin_array();
        for (uint64_t i = 0; i < count; ++i) {
          if (!reader_.view(&s)) return false;
          size += type == ValueType::NS ? number_size(s) : s.size();
          if (out_)
            type == ValueType::BS ? out_->string(common::base64_encode(s)) : out_->string(s);
        }
        if (out_) out_->end_array();
        break;
      case ValueType::L:
        if (!reader_.varint(&count)) return false;
        size += 3;
        if (out_) out_->begin_array();
        for (uint64_t i = 0; i < count; ++i) {
          size += 1;
          if (!value(depth + 1)) return false;
        }
        if (out_) out_->end_array();
        break;
      case ValueType::M:
        size += 3;
        if (!item(depth + 1, true)) return false;
        break;
    }
    if (out_) out_->end_object();
    return true;
  }

  Reader& reader_;
  common::JsonWriter* out_;
};

}  // namespace

std::optional<size_t> write_binary_item_as_json(std::string_view bytes, common::JsonWriter& out) {
  Reader reader(bytes);
  Walker walker(reader, &out);
  if (!walker.item(0, false) || !reader.done()) return std::nullopt;
  return walker.size;
}

std::optional<size_t> binary_item_size(std::string_view bytes) {
  Reader reader(bytes);
  Walker walker(reader, nullptr);
  if (!walker.item(0, false) || !reader.done()) return std::nullopt;
  return walker.size;
}

void append_item(std::string& out, const Item& item) {
  put_varint(out, item.size());
  for (const auto& [name, v] : item) {
    put_bytes(out, name);
    append_value(out, v);
  }
}

std::string encode_item_binary(const Item& item) {
  std::string out;
  append_item(out, item);
  return out;
}

bool decode_item_binary(std::string_view bytes, Item* item) {
  Reader reader(bytes);
  return reader.item(item, 0) && reader.done();
}

}  // namespace ddb
