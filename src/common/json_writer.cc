#include "common/json_writer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace common {

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
  size_t run = 0;  // start of the pending run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(s.data() + run, i - run);
    run = i + 1;
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
  out_.append(s.data() + run, s.size() - run);
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
