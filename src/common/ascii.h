// ASCII case folding, for the names protocols compare without regard to case (HTTP header names
// and codings, SigV4 header names, user handles).
#pragma once

#include <string>
#include <string_view>

namespace common {

// Whether `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);
// `text` with ASCII letters lowered; other bytes as they are.
std::string ascii_lower(std::string_view text);

}  // namespace common
