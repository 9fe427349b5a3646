// The compact binary form in which items are stored: varint lengths, one type byte per value.
// Not JSON: no base64, no quoting, no parse on read beyond a linear walk.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/json_writer.h"
#include "ddb/value/attribute_value.h"

namespace ddb {

void append_item(std::string& out, const Item& item);
std::string encode_item_binary(const Item& item);
// Returns false if `bytes` is not a well-formed encoding (a corrupt record).
bool decode_item_binary(std::string_view bytes, Item* item);

// Writes a stored item as DynamoDB JSON straight from its binary form, with no Item built, and
// returns its item_size() (found on the same walk); nullopt if `bytes` is corrupt.
std::optional<size_t> write_binary_item_as_json(std::string_view bytes, common::JsonWriter& out);
// item_size() of a stored item, from its binary form; nullopt if corrupt.
std::optional<size_t> binary_item_size(std::string_view bytes);

}  // namespace ddb
