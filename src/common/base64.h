// Standard base64 (RFC 4648, with padding), as DynamoDB's JSON carries binary values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace common {

std::string base64_encode(std::string_view bytes);
// Strict decode: length a multiple of 4, only the alphabet and trailing '='. nullopt otherwise.
std::optional<std::string> base64_decode(std::string_view text);

// The URL-safe alphabet ('-' and '_'), without padding: for opaque tokens in URLs and JSON.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace common
