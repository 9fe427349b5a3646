// Exact addition and subtraction of DynamoDB Numbers (canonical text in, canonical text out),
// as UpdateExpression's + and - and ADD need. A result beyond DynamoDB's range or precision
// throws ApiError (ValidationException) with DynamoDB's message.
#pragma once

#include <string>
#include <string_view>

namespace ddb {

std::string add_numbers(std::string_view a, std::string_view b);
std::string subtract_numbers(std::string_view a, std::string_view b);

}  // namespace ddb
