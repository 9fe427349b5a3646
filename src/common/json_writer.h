// JsonWriter: the one streaming JSON writer of the project. Appends to a string; commas are
// placed automatically. Not thread-safe; one writer per response.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace common {

class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // Writes an object member name; the next call writes its value.
  void key(std::string_view name);

  void string(std::string_view s);
  void number(int64_t n);
  void number(double d);
  // Writes an already-encoded JSON value as it is.
  void raw(std::string_view json);
  void boolean(bool b);
  void null();

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();
  void write_escaped(std::string_view s);
  std::string out_;
  // One entry per open container: whether a value was already written in it.
  std::vector<bool> has_value_;
  bool after_key_ = false;
};

}  // namespace common
