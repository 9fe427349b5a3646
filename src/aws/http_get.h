// A plain HTTPS GET over libcurl (for a JWKS document): the body, or std::runtime_error.
#pragma once

#include <string>

namespace aws {

std::string http_get(const std::string& url, long timeout_ms = 5000);

}  // namespace aws
