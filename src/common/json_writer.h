// JsonWriter: the one streaming JSON writer of the project. Appends to a buffer it owns; commas
// are placed automatically. Not thread-safe; one writer per response.
//
// Writing is on the path of every read (a 20-item Query page is ~420 strings), so the buffer
// grows in steps and each string is copied in once: the writer keeps its own length inside a
// std::string sized ahead of it, and take() trims it to the length and hands it over.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
  // Writes an object of one string member as one value: {"tag":"s"}, the shape of a DynamoDB
  // attribute value of a string type. `tag` is written as it is: it must need no escaping.
  void tagged_string(std::string_view tag, std::string_view s);
  void number(int64_t n);
  void number(double d);
  // Writes an already-encoded JSON value as it is.
  void raw(std::string_view json);
  void boolean(bool b);
  void null();

  // What has been written so far; valid until the next write.
  std::string_view str() const { return {out_.data(), length_}; }
  // The text written, handed over; the writer is empty after.
  std::string take();
  // Empties the writer, keeping its buffer for what is written next.
  void clear() { length_ = 0, need_comma_ = false; }

 private:
  // A value (or a member name) comes next: a comma first when one came before it at this level.
  void separate() {
    if (need_comma_) put(',');
    need_comma_ = true;
  }
  // Room for n more bytes; returns where they go. The caller advances length_ by what it wrote.
  char* reserve(size_t n) {
    if (out_.size() - length_ < n) grow(n);
    return out_.data() + length_;
  }
  void grow(size_t n);
  void put(char c) { *reserve(1) = c, ++length_; }
  void append(std::string_view s);
  void write_escaped(std::string_view s);
  // Writes s escaped, without its quotes, from byte `from` on.
  void write_escaped_rest(std::string_view s, size_t from);

  std::string out_;  // sized ahead of what is written; [0, length_) is the text
  size_t length_ = 0;
  // Whether the next value or member name at this level follows another, so needs a comma: a
  // value or a closed container sets it; opening a container or writing a member name (whose
  // value follows with no comma) clears it. No stack of levels is needed: a container's first
  // entry comes right after its opening, and after it closes its parent's next entry needs one.
  bool need_comma_ = false;
};

}  // namespace common
