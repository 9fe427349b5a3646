// The compact binary form in which items are stored: varint lengths, one type byte per value.
// Not JSON: no base64, no quoting, no parse on read beyond a linear walk.
#pragma once

#include <string>
#include <string_view>

#include "ddb/value/attribute_value.h"

namespace ddb {

void append_item(std::string& out, const Item& item);
std::string encode_item_binary(const Item& item);
// Returns false if `bytes` is not a well-formed encoding (a corrupt record).
bool decode_item_binary(std::string_view bytes, Item* item);

}  // namespace ddb
