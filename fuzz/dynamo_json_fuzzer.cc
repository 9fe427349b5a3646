// libFuzzer target: request JSON through the DynamoDB-JSON decoder, then the item through both
// encoders and the binary codec. Decoding must end in an item or an ApiError; an item must
// round-trip exactly.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "ddb/error.h"
#include "ddb/value/binary_codec.h"
#include "ddb/value/json_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(reinterpret_cast<const char*>(data), size).get(root)) return 0;
  ddb::Item item;
  try {
    item = ddb::decode_item(root);
  } catch (const ddb::ApiError&) {
    return 0;
  }
  std::string bytes = ddb::encode_item_binary(item);
  ddb::Item back;
  if (!ddb::decode_item_binary(bytes, &back) || !(back == item)) std::abort();
  common::JsonWriter direct, decoded;
  if (!ddb::write_binary_item_as_json(bytes, direct)) std::abort();
  ddb::encode_item(decoded, item);
  if (direct.str() != decoded.str()) std::abort();
  if (ddb::binary_item_size(bytes) != ddb::item_size(item)) std::abort();
  // The JSON we write must decode to the same item.
  simdjson::dom::parser again;
  simdjson::dom::element reparsed;
  if (again.parse(decoded.str()).get(reparsed)) std::abort();
  if (!(ddb::decode_item(reparsed) == item)) std::abort();
  return 0;
}
