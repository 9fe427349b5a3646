// Random (version 4) UUIDs, in their 36-character text form.
#pragma once

#include <string>

namespace ddb {

std::string random_uuid();

}  // namespace ddb
