// DynamoDB-JSON codec: AttributeValue and Item to and from the wire form ({"S": "x"}, ...).
// Decoding validates as DynamoDB does and throws ApiError with DynamoDB's message.
#pragma once

#include <simdjson.h>

#include "common/json_writer.h"
#include "ddb/value/attribute_value.h"

namespace ddb {

AttributeValue decode_value(simdjson::dom::element json);
// Decodes an object of attribute name -> AttributeValue (an Item, a Key,
// ExpressionAttributeValues).
Item decode_item(simdjson::dom::element json);

// Refuses an attribute name DynamoDB refuses (empty, or 65,536 bytes and more) with its message.
// decode_item applies it to every name it reads, at every depth.
void check_attribute_name(std::string_view name);

void encode_value(common::JsonWriter& out, const AttributeValue& value);
void encode_item(common::JsonWriter& out, const Item& item);

}  // namespace ddb
