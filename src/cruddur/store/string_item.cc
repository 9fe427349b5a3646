#include "cruddur/store/string_item.h"

namespace cruddur {

void write_string_item(common::JsonWriter& w, const Attributes& attributes) {
  w.begin_object();
  for (const auto& [name, value] : attributes) {
    w.key(name);
    w.begin_object();
    w.key("S");
    w.string(value);
    w.end_object();
  }
  w.end_object();
}

std::string string_attribute(simdjson::dom::element item, const char* name) {
  std::string_view value;
  return item[name]["S"].get(value) ? "" : std::string(value);
}

int64_t number_attribute(simdjson::dom::element item, const char* name) {
  std::string_view value;
  return item[name]["N"].get(value) ? 0 : std::stoll(std::string(value));
}

}  // namespace cruddur
