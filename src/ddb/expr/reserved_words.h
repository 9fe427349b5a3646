// DynamoDB's reserved words: an attribute name that is one of them must be written through an
// ExpressionAttributeNames placeholder.
#pragma once

#include <string_view>

namespace ddb::expr {

// Case-insensitive.
bool is_reserved_word(std::string_view name);

}  // namespace ddb::expr
