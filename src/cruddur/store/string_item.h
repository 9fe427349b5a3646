// Items whose attributes are all strings (every attribute of Cruddur's rows), written as
// DynamoDB JSON.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "common/json_writer.h"
#include "cruddur/model/rows.h"

namespace cruddur {

// {"name": {"S": "value"}, ...}
void write_string_item(common::JsonWriter& w, const Attributes& attributes);

// The string attribute `name` of an item in DynamoDB JSON; "" when it is absent.
std::string string_attribute(simdjson::dom::element item, const char* name);
// The whole-number attribute `name`; 0 when it is absent.
int64_t number_attribute(simdjson::dom::element item, const char* name);

}  // namespace cruddur
