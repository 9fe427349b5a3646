#include "ddb/value/json_codec.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "common/base64.h"
#include "ddb/error.h"
#include "ddb/value/number.h"

namespace ddb {

namespace {

// The most maps and lists a value may sit inside: 31 wrappers are accepted, 32 refused. Measured
// against DynamoDB (eu-west-2, nubo-db/dynoxide issue #110, which quotes the message below) and
// DynamoDB Local's rule (a map or list at depth 32 is refused).
constexpr int kMaxNesting = 31;
constexpr size_t kMaxAttributeNameBytes = 65536;
constexpr std::string_view kEmptyAttributeName = "Empty attribute name";

std::string_view json_kind(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "Start of list found where not expected";
    case simdjson::dom::element_type::OBJECT:
      return "Start of structure or map found where not expected.";
    case simdjson::dom::element_type::BOOL:
      return "class java.lang.Boolean can not be converted to an String";
    default:
      return "class java.lang.Long can not be converted to an String";
  }
}

std::string_view expect_string(simdjson::dom::element e) {
  std::string_view s;
  if (e.get_string().get(s)) throw ApiError::serialization(std::string(json_kind(e)));
  return s;
}

thread_local ValueWording wording = ValueWording::kCurrent;

std::string canonical_number(std::string_view text) {
  std::string error;
  auto n = Number::parse(text, &error);
  if (!n) {
    // The older layer words an empty number without the colon and space.
    if (text.empty() && wording == ValueWording::kOlder) {
      error = "The parameter cannot be converted to a numeric value";
    }
    throw ApiError::request_validation(error);
  }
  return n->to_string();
}

std::string decode_binary(std::string_view text) {
  auto bytes = common::base64_decode(text);
  if (!bytes) {
    throw ApiError::serialization("'" + std::string(text) +
                                  "' can not be converted to a Blob: Invalid Base64 encoding");
  }
  return std::move(*bytes);
}

std::string join_for_message(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    out += values[i];
  }
  return out + "]";
}

// Refuses a set with a repeated member, as the layer in use words it (ValueWording). The older
// one prints the members as sent and names none of a number set's. The current one inserts the
// members in order into a sorted set and, at the first repeat, prints the set's members, the
// repeat and the members not yet read, quoted (strings with ", " between them, binaries with ","),
// and names none of a number set's either, in a sentence of its own.
[[noreturn]] void refuse_repeated_member(ValueType type, const std::vector<std::string>& members,
                                         const std::vector<std::string>& texts) {
  const std::string invalid = "One or more parameter values were invalid: ";
  const char* suffix =
      type == ValueType::BS ? "of type BS contains duplicates." : " contains duplicates.";
  if (wording == ValueWording::kOlder) {
    if (type == ValueType::NS)
      throw ApiError::request_validation("Input collection contains duplicates");
    throw ApiError::request_validation(invalid + "Input collection " + join_for_message(texts) +
                                       suffix);
  }
  if (type == ValueType::NS) {
    throw ApiError::request_validation(invalid + "Input collection contains duplicates.");
  }
  std::set<std::string_view> seen;
  size_t repeat = 0;
  while (seen.insert(members[repeat]).second) ++repeat;
  // The sorted set holds decoded members; binaries are printed as sent (base64).
  std::vector<std::string> printed;
  for (auto member : seen) {
    printed.push_back(type == ValueType::SS ? std::string(member) : common::base64_encode(member));
  }
  printed.insert(printed.end(), texts.begin() + static_cast<std::ptrdiff_t>(repeat), texts.end());
  std::string list = "[";
  for (size_t j = 0; j < printed.size(); ++j) {
    if (j) list += type == ValueType::SS ? ", " : ",";
    list += "\"" + printed[j] + "\"";
  }
  throw ApiError::request_validation(invalid + "Input collection " + list + "]" + suffix);
}

void decode_set(ValueType type, simdjson::dom::element e, AttributeValue& v) {
  simdjson::dom::array array;
  if (e.get_array().get(array)) throw ApiError::serialization("Expected list or null");
  v.type = type;
  std::vector<std::string> texts;
  for (auto member : array) {
    std::string_view text = expect_string(member);
    texts.emplace_back(text);
    if (type == ValueType::SS)
      v.set.emplace_back(text);
    else if (type == ValueType::NS)
      v.set.push_back(canonical_number(text));
    else
      v.set.push_back(decode_binary(text));
  }
  if (v.set.empty()) {
    // DynamoDB's words differ by type (nubo-db/dynamodb-conformance, putItem.test.ts, for the
    // string and number sets; the binary set's as DynamoDB answers it today).
    if (type == ValueType::BS) {
      throw ApiError::request_validation(
          "One or more parameter values were invalid: Binary sets should not be empty");
    }
    throw ApiError::request_validation(
        std::string("One or more parameter values were invalid: An ") +
        (type == ValueType::SS ? "string" : "number") + " set  may not be empty");
  }
  // One sorted copy of views to find a repeat; the refusal's words need the members' order.
  std::vector<std::string_view> sorted(v.set.begin(), v.set.end());
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    refuse_repeated_member(type, v.set, texts);
  }
}

// Decodes into `v`, a value just made (of type NULL, everything empty): the values of an item
// are decoded where they will stay, not into a temporary moved there after (that and the
// temporaries of the S, N and B constructors were ~10% of a BatchWriteItem's decoding).
void decode_at_depth(simdjson::dom::element json, int depth, AttributeValue& v);

ApiError nesting_exceeded() {
  return ApiError::validation(
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
      "beyond supported limit");
}

// Whether `value` (an AttributeValue's JSON), or one inside it, sits deeper than decode_at_depth
// accepts, with `levels` more maps or lists allowed around it.
bool nested_too_deep(simdjson::dom::element value, int levels) {
  if (levels < 0) return true;
  simdjson::dom::object object;
  if (value.get_object().get(object)) return false;
  for (auto field : object) {
    simdjson::dom::object map;
    simdjson::dom::array list;
    if (field.key == "M" && !field.value.get_object().get(map)) {
      for (auto member : map) {
        if (nested_too_deep(member.value, levels - 1)) return true;
      }
    } else if (field.key == "L" && !field.value.get_array().get(list)) {
      for (auto member : list) {
        if (nested_too_deep(member, levels - 1)) return true;
      }
    }
  }
  return false;
}

Item decode_map_at_depth(simdjson::dom::element json, int depth) {
  simdjson::dom::object object;
  if (json.get_object().get(object)) throw ApiError::serialization("Expected map or null");
  Item item;
  for (auto field : object) {
    if (depth > 0) check_attribute_name(field.key);  // decode_item checks the top level's first
    // A name sent twice keeps its last value.
    auto [at, inserted] = item.try_emplace(std::string(field.key));
    if (!inserted) at->second = AttributeValue();
    decode_at_depth(field.value, depth, at->second);
  }
  return item;
}

void decode_at_depth(simdjson::dom::element json, int depth, AttributeValue& v) {
  if (depth > kMaxNesting) throw nesting_exceeded();
  simdjson::dom::object object;
  if (json.get_object().get(object)) {
    throw ApiError::serialization(json.is_array() ? "Start of list found where not expected"
                                                  : "Expected map or null");
  }
  int types = 0;
  for (auto field : object) {
    std::string_view name = field.key;
    simdjson::dom::element e = field.value;
    if (e.is_null()) continue;
    ++types;
    if (types > 1) continue;  // reported below, after the members are seen
    if (name == "S") {
      v.type = ValueType::S;
      v.scalar = expect_string(e);
    } else if (name == "N") {
      v.type = ValueType::N;
      v.scalar = canonical_number(expect_string(e));
    } else if (name == "B") {
      v.type = ValueType::B;
      v.scalar = decode_binary(expect_string(e));
    } else if (name == "BOOL") {
      bool b;
      if (e.get_bool().get(b)) {
        throw ApiError::serialization("'" + std::string(e.is_string() ? std::string_view(e) : "") +
                                      "' can not be converted to an Boolean");
      }
      v.type = ValueType::BOOL;
      v.boolean = b;
    } else if (name == "NULL") {
      bool b;
      if (e.get_bool().get(b)) throw ApiError::serialization("Expected boolean for NULL");
      // {"NULL": false} is refused: two regions accepted it for a few weeks in June 2026, and
      // every region refuses it again since (paritysuite/dynamodb-conformance, putItem.test.ts
      // and its 2026-10-07 capture of all 33 regions).
      if (!b) {
        throw ApiError::request_validation(
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true");
      }
      v.type = ValueType::NUL;
      v.boolean = true;
    } else if (name == "SS") {
      decode_set(ValueType::SS, e, v);
    } else if (name == "NS") {
      decode_set(ValueType::NS, e, v);
    } else if (name == "BS") {
      decode_set(ValueType::BS, e, v);
    } else if (name == "L") {
      simdjson::dom::array array;
      if (e.get_array().get(array)) throw ApiError::serialization("Expected list or null");
      v.type = ValueType::L;
      v.list.reserve(array.size());
      for (auto member : array) decode_at_depth(member, depth + 1, v.list.emplace_back());
    } else if (name == "M") {
      v.type = ValueType::M;
      v.map = decode_map_at_depth(e, depth + 1);
    } else {
      --types;  // unknown members are ignored, as DynamoDB does
    }
  }
  if (types == 0) {
    throw ApiError::request_validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (types > 1) {
    throw ApiError::request_validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
        "supported datatypes");
  }
}

}  // namespace

ValueWordingScope::ValueWordingScope(ValueWording w) : previous_(wording) {
  wording = w;
}

ValueWordingScope::~ValueWordingScope() {
  wording = previous_;
}

ValueWording value_wording() {
  return wording;
}

void check_attribute_name(std::string_view name) {
  // An empty name is refused in DynamoDB Local's words (its LocalDBInputConverter.newAttributeName,
  // which every attribute name of an item, an update, a condition or AttributesToGet passes);
  // DynamoDB's developer guide: attribute names are at least one character long.
  if (name.empty()) throw ApiError::validation(std::string(kEmptyAttributeName));
  if (name.size() >= kMaxAttributeNameBytes) {
    throw ApiError::validation(
        "1 validation error detected: Attribute name is too large, must be less than 65536 "
        "bytes");
  }
}

AttributeValue decode_value(simdjson::dom::element json) {
  AttributeValue v;
  decode_at_depth(json, 0, v);
  return v;
}

Item decode_item(simdjson::dom::element json) {
  // DynamoDB reads an item's top-level names first, then the depth of its values, then the rest:
  // an empty name at the top beats a value nested too deep wherever it sits, and a value nested
  // too deep beats an empty map key inside another attribute (us-east-1 and eu-west-2,
  // 2026-10-09: paritysuite/dynamodb-conformance, deepRequests.test.ts).
  simdjson::dom::object object;
  if (json.get_object().get(object)) throw ApiError::serialization("Expected map or null");
  for (auto field : object) check_attribute_name(field.key);
  try {
    return decode_map_at_depth(json, 0);
  } catch (const ApiError& e) {
    if (e.message() == kEmptyAttributeName) {
      for (auto field : object) {
        if (nested_too_deep(field.value, kMaxNesting)) throw nesting_exceeded();
      }
    }
    throw;
  }
}

void encode_value(common::JsonWriter& out, const AttributeValue& v) {
  if (v.type == ValueType::S || v.type == ValueType::N)
    return out.tagged_string(type_name(v.type), v.scalar);
  if (v.type == ValueType::B) return out.tagged_string("B", common::base64_encode(v.scalar));
  out.begin_object();
  out.key(type_name(v.type));
  switch (v.type) {
    case ValueType::S:
    case ValueType::N:
    case ValueType::B:
      break;  // above
    case ValueType::BOOL:
      out.boolean(v.boolean);
      break;
    case ValueType::NUL:
      out.boolean(true);
      break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS:
      out.begin_array();
      for (const auto& s : v.set)
        out.string(v.type == ValueType::BS ? common::base64_encode(s) : s);
      out.end_array();
      break;
    case ValueType::L:
      out.begin_array();
      for (const auto& e : v.list) encode_value(out, e);
      out.end_array();
      break;
    case ValueType::M:
      encode_item(out, v.map);
      break;
  }
  out.end_object();
}

void encode_item(common::JsonWriter& out, const Item& item) {
  out.begin_object();
  for (const auto& [name, v] : item) {
    out.key(name);
    encode_value(out, v);
  }
  out.end_object();
}

void copy_json(common::JsonWriter& out, simdjson::dom::element json) {
  switch (json.type()) {
    case simdjson::dom::element_type::OBJECT:
      out.begin_object();
      for (auto [name, value] : simdjson::dom::object(json)) {
        out.key(name);
        copy_json(out, value);
      }
      out.end_object();
      break;
    case simdjson::dom::element_type::ARRAY:
      out.begin_array();
      for (auto value : simdjson::dom::array(json)) copy_json(out, value);
      out.end_array();
      break;
    case simdjson::dom::element_type::STRING:
      out.string(std::string_view(json));
      break;
    case simdjson::dom::element_type::INT64:
      out.number(int64_t(json));
      break;
    case simdjson::dom::element_type::UINT64:
      out.raw(std::to_string(uint64_t(json)));
      break;
    case simdjson::dom::element_type::DOUBLE:
      out.number(double(json));
      break;
    case simdjson::dom::element_type::BOOL:
      out.boolean(bool(json));
      break;
    case simdjson::dom::element_type::NULL_VALUE:
      out.null();
      break;
  }
}

}  // namespace ddb
