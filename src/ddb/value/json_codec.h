// DynamoDB-JSON codec: AttributeValue and Item to and from the wire form ({"S": "x"}, ...).
// Decoding validates as DynamoDB does and throws ApiError with DynamoDB's message.
#pragma once

#include <simdjson.h>

#include "common/json_writer.h"
#include "ddb/value/attribute_value.h"

namespace ddb {

AttributeValue decode_value(simdjson::dom::element json);
// Decodes an object of attribute name -> AttributeValue (an Item, a Key,
// ExpressionAttributeValues). A malformed value is ApiError::request_validation (which the item
// writes envelope); a structural or limit error (nesting, names) a plain ValidationException.
Item decode_item(simdjson::dom::element json);

// DynamoDB checks attribute values in one of two layers, and the operation decides which: the
// current one (PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem, Query) and an older one
// (BatchWriteItem, TransactWriteItems, TransactGetItems, Scan). Their words differ for an empty
// number and for duplicate set members (eu-west-2, us-east-1, eu-west-1 and us-west-2,
// 2026-10-09, as paritysuite/dynamodb-conformance's valueLayers.test.ts records them).
enum class ValueWording { kCurrent, kOlder };

// Sets the wording of this thread's value errors while it lives (one request's operation).
class ValueWordingScope {
 public:
  explicit ValueWordingScope(ValueWording wording);
  ~ValueWordingScope();
  ValueWordingScope(const ValueWordingScope&) = delete;
  ValueWordingScope& operator=(const ValueWordingScope&) = delete;

 private:
  ValueWording previous_;
};

// The wording in force on this thread.
ValueWording value_wording();

// Refuses an attribute name DynamoDB refuses (empty, or 65,536 bytes and more) with its message.
// decode_item applies it to every name it reads, at every depth.
void check_attribute_name(std::string_view name);

void encode_value(common::JsonWriter& out, const AttributeValue& value);
void encode_item(common::JsonWriter& out, const Item& item);

// Writes a parsed JSON value back out as compact JSON, unchecked: a DynamoDB JSON value or item
// passed through as it came. The text simdjson::minify writes (a unit test compares them), at
// a third to a half of minify's cost (callgrind, ExecuteStatement: 3,500 -> 1,170
// instructions for two {"S": ...} parameters, 5,400 -> 3,000 for a seven-attribute item).
void copy_json(common::JsonWriter& out, simdjson::dom::element json);

}  // namespace ddb
