// Random (version 4) UUIDs, in their 36-character text form.
#pragma once

#include <string>

namespace common {

std::string random_uuid();

}  // namespace common
