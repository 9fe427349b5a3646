// The first stage of every request, as DynamoDB runs it: the request checked against DynamoDB's
// API model before any operation looks at it. The constraint tables are generated from the model
// (tools/gen_api_model.py writes api_model_tables.inc; the build checks it is current).
#pragma once

#include <simdjson.h>

#include <string_view>

namespace ddb {

// Checks `body` against the input shape of `operation` ("PutItem", "DescribeStream", ...):
// required members, string and list lengths, map sizes, number ranges, name patterns and enum
// values, through nested structures, lists and maps (not into attribute values, which the value
// codec checks). Every violation is collected, in model order, and thrown as one
// ValidationException in DynamoDB's aggregated form: "N validation error(s) detected: Value '...'
// at 'path' failed to satisfy constraint: ...; ...", the path in DynamoDB's form
// (keySchema.1.member.keyType, requestItems.<table>.member.keys). A value of the wrong JSON type
// is not this stage's to judge: the operation's readers answer it with SerializationException.
// An operation the model does not know passes. Thread-safe; reads only static tables.
void validate_input(std::string_view operation, simdjson::dom::element body);

}  // namespace ddb
