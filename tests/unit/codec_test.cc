#include <gtest/gtest.h>

#include <cstdio>

#include "common/base64.h"
#include "ddb/error.h"
#include "ddb/value/binary_codec.h"
#include "ddb/value/json_codec.h"

namespace ddb {
namespace {

Item parse_item(const std::string& json) {
  simdjson::dom::parser parser;
  return decode_item(parser.parse(json));
}

std::string to_json(const Item& item) {
  common::JsonWriter w;
  encode_item(w, item);
  return w.take();
}

std::string error_of(const std::string& json) {
  try {
    parse_item(json);
  } catch (const ApiError& e) {
    return e.message();
  }
  return "no error";
}

TEST(JsonCodecTest, EveryTypeRoundTrips) {
  std::string json =
      R"({"b":{"B":"AAH/"},"bool":{"BOOL":false},"bs":{"BS":["eA==","eQ=="]},)"
      R"("l":{"L":[{"S":"x"},{"N":"1.5"}]},"m":{"M":{"k":{"NULL":true}}},"n":{"N":"-12.5"},)"
      R"("ns":{"NS":["1","2"]},"s":{"S":"h\u00e9\"\n"},"ss":{"SS":["a","b"]}})";
  Item item = parse_item(json);
  EXPECT_EQ(item.at("b").scalar, std::string("\x00\x01\xff", 3));
  EXPECT_EQ(item.at("s").scalar, "h\xc3\xa9\"\n");
  EXPECT_EQ(parse_item(to_json(item)), item);
}

TEST(JsonCodecTest, NumbersAreCanonicalized) {
  EXPECT_EQ(parse_item(R"({"n":{"N":"001.500"}})").at("n").scalar, "1.5");
}

TEST(JsonCodecTest, ValidationMessages) {
  EXPECT_EQ(
      error_of(R"({"a":{}})"),
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  EXPECT_EQ(error_of(R"({"a":{"NS":["1","1.0"]}})"),
            "One or more parameter values were invalid: Input collection contains duplicates.");
  EXPECT_EQ(error_of(R"({"a":{"BS":[]}})"),
            "One or more parameter values were invalid: Binary sets should not be empty");
  EXPECT_EQ(error_of(R"({"a":{"SS":[]}})"),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_EQ(error_of(R"({"a":{"NULL":false}})"),
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true");
}

// The two layers' words for a repeated set member and an empty number (json_codec.h).
TEST(JsonCodecTest, DuplicatesAndEmptyNumbersAreWordedByLayer) {
  const char* ss = R"({"a":{"SS":["b","a","b","c"]}})";
  const char* bs = R"({"a":{"BS":["/w==","AA==","AA==","AQ=="]}})";
  const char* ns = R"({"a":{"NS":["2","1","2.0"]}})";
  const char* empty_number = R"({"a":{"N":""}})";
  const std::string invalid = "One or more parameter values were invalid: ";
  EXPECT_EQ(error_of(ss),
            invalid + R"(Input collection ["a", "b", "b", "c"] contains duplicates.)");
  EXPECT_EQ(
      error_of(bs),
      invalid + R"(Input collection ["AA==","/w==","AA==","AQ=="]of type BS contains duplicates.)");
  EXPECT_EQ(error_of(ns), invalid + "Input collection contains duplicates.");
  EXPECT_EQ(error_of(empty_number), "The parameter cannot be converted to a numeric value: ");
  ValueWordingScope older(ValueWording::kOlder);
  EXPECT_EQ(error_of(ss), invalid + "Input collection [b, a, b, c] contains duplicates.");
  EXPECT_EQ(error_of(bs),
            invalid + "Input collection [/w==, AA==, AA==, AQ==]of type BS contains duplicates.");
  EXPECT_EQ(error_of(ns), "Input collection contains duplicates");
  EXPECT_EQ(error_of(empty_number), "The parameter cannot be converted to a numeric value");
}

// DynamoDB's measured cost of a number (attribute_value.cc), on the literals it was measured on.
TEST(JsonCodecTest, NumbersCostWhatDynamoDBCharges) {
  const std::pair<const char*, size_t> captured[] = {
      {"0", 1},         {"1", 2},     {"12", 2},
      {"123", 3},       {"1234", 3},  {"12345678901234567890123456789012345678", 20},
      {"0042", 2},      {"100", 2},   {"1010", 3},
      {"0.0000001", 2}, {"1E125", 2}, {"1E-100", 2},
      {"1.5", 3},       {"15", 2},    {"1.2", 3},
      {"1.200", 3},     {"1.234", 4}, {"3.14159", 5},
      {"123456", 4},    {"0.15", 2},  {"-42", 3},
      {"-0", 1},        {"100.5", 4}};
  for (auto [literal, bytes] : captured) {
    Item item = parse_item(std::string(R"({"n":{"N":")") + literal + R"("}})");
    EXPECT_EQ(number_size(item.at("n").scalar), bytes) << literal;
  }
}

TEST(JsonCodecTest, ThirtyOneWrappersAreAcceptedAndThirtyTwoRefused) {
  auto nested = [](int wrappers) {
    std::string json = R"({"a":)";
    for (int i = 0; i < wrappers; ++i) json += i % 2 ? R"({"L":[)" : R"({"M":{"k":)";
    json += R"({"S":"x"})";
    for (int i = wrappers - 1; i >= 0; --i) json += i % 2 ? "]}" : "}}";
    return json + "}";
  };
  EXPECT_EQ(error_of(nested(31)), "no error");
  EXPECT_EQ(error_of(nested(32)),
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
            "levels beyond supported limit");
  EXPECT_EQ(error_of(nested(40)), error_of(nested(32)));
}

TEST(JsonCodecTest, CopyJsonWritesWhatMinifyWrites) {
  // Every JSON type, nested, and a string that needs escaping: the copy is minify's text.
  const std::string text =
      R"({ "a" : {"S":"q\"uote\\ \u001f \u00e9"}, "l": [1, -2, 18446744073709551615, true,)"
      R"( false, null, [], {}], "m": {"n": {"N": "1.5"}}, "d": 0.25 })";
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(text);
  common::JsonWriter w;
  copy_json(w, root);
  EXPECT_EQ(w.take(), simdjson::minify(root));
}

TEST(BinaryCodecTest, RoundTripsAndRejectsTruncation) {
  Item item = parse_item(
      R"({"a":{"S":"x"},"b":{"L":[{"N":"1"},{"M":{"c":{"BS":["AA=="]}}}]},"t":{"BOOL":true}})");
  std::string bytes = encode_item_binary(item);
  Item back;
  ASSERT_TRUE(decode_item_binary(bytes, &back));
  EXPECT_EQ(back, item);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    Item partial;
    EXPECT_FALSE(decode_item_binary(std::string_view(bytes).substr(0, cut), &partial)) << cut;
  }
}

TEST(BinaryCodecTest, TranscodesToTheSameJsonAndSizeAsTheDecodedItem) {
  Item item = parse_item(
      R"({"a":{"S":"x\"y"},"b":{"L":[{"N":"-0.0012"},{"M":{"c":{"BS":["AA=="]}}}]},)"
      R"("n":{"NS":["100","2.5"]},"t":{"BOOL":true},"z":{"NULL":true},"bin":{"B":"AAH/"}})");
  std::string bytes = encode_item_binary(item);
  common::JsonWriter direct;
  auto written = write_binary_item_as_json(bytes, direct);
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, item_size(item));
  EXPECT_EQ(direct.str(), to_json(item));
  EXPECT_EQ(binary_item_size(bytes), item_size(item));
  EXPECT_FALSE(binary_item_size(std::string_view(bytes).substr(0, bytes.size() - 1)).has_value());
}

TEST(Base64Test, EncodesAndStrictlyDecodes) {
  EXPECT_EQ(common::base64_encode("any carnal pleas"), "YW55IGNhcm5hbCBwbGVhcw==");
  EXPECT_EQ(*common::base64_decode("YW55IGNhcm5hbCBwbGVhcw=="), "any carnal pleas");
  EXPECT_EQ(*common::base64_decode(""), "");
  EXPECT_FALSE(common::base64_decode("abc").has_value());
  EXPECT_FALSE(common::base64_decode("ab!d").has_value());
  EXPECT_FALSE(common::base64_decode("YR==").has_value());  // non-zero padding bits
}

// Commas come from one flag, not a stack of levels: a container's first entry follows its
// opening, the entry after a closed container needs one, a member's value never does.
TEST(JsonWriterTest, PlacesCommasAtEveryLevel) {
  common::JsonWriter w;
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.end_array();
  w.key("b");
  w.begin_object();
  w.end_object();
  w.key("c");
  w.begin_array();
  w.number(int64_t{1});
  w.begin_object();
  w.key("d");
  w.null();
  w.end_object();
  w.begin_array();
  w.boolean(true);
  w.boolean(false);
  w.end_array();
  w.raw("{\"e\":2}");
  w.end_array();
  w.key("f");
  w.string("x");
  w.key("g");
  w.begin_array();
  w.tagged_string("S", "y");
  w.tagged_string("N", "1");
  w.end_array();
  w.end_object();
  EXPECT_EQ(w.take(), R"({"a":[],"b":{},"c":[1,{"d":null},[true,false],{"e":2}],"f":"x",)"
                      R"("g":[{"S":"y"},{"N":"1"}]})");
  // Taken, the writer starts again empty.
  EXPECT_EQ(w.str(), "");
  w.begin_array();
  w.string("y");
  w.end_array();
  EXPECT_EQ(w.take(), R"(["y"])");
  // Cleared, it starts again empty too: no comma before the next value.
  w.string("a");
  w.clear();
  EXPECT_EQ(w.str(), "");
  w.string("b");
  EXPECT_EQ(w.str(), R"("b")");
}

// The buffer grows in steps ahead of the text: what was written survives each step.
TEST(JsonWriterTest, KeepsTheTextAcrossGrowth) {
  common::JsonWriter w;
  std::string expected = "[";
  w.begin_array();
  for (int i = 0; i < 300; ++i) {
    std::string s(static_cast<size_t>(i), static_cast<char>('a' + i % 26));
    if (i % 7 == 0 && i > 0) s[static_cast<size_t>(i) / 2] = '\n';
    w.string(s);
    if (i > 0) expected += ",";
    std::string escaped = s;
    if (size_t nl = escaped.find('\n'); nl != std::string::npos) escaped.replace(nl, 1, "\\n");
    expected += "\"" + escaped + "\"";
  }
  w.end_array();
  EXPECT_EQ(w.take(), expected + "]");
}

TEST(JsonWriterTest, DoublesAlwaysShowAFraction) {
  common::JsonWriter w;
  w.begin_array();
  w.number(1.0);
  w.number(0.5);
  w.number(int64_t{3});
  w.end_array();
  EXPECT_EQ(w.str(), "[1.0,0.5,3]");
}

// The writer copies plain characters sixteen bytes at a time, a string of 8-15 bytes by two
// overlapping halves and a shorter one a byte at a time: every byte value, at every offset of
// every length through three blocks, must come out as the one-character-at-a-time escaping
// gives it.
TEST(JsonWriterTest, EscapesEveryByteAtEveryOffset) {
  auto expected = [](const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"') {
        out += "\\\"";
      } else if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\b') {
        out += "\\b";
      } else if (c == '\f') {
        out += "\\f";
      } else if (c < 0x20) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\u%04x", c);
        out += hex;
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    return out + "\"";
  };
  for (int byte = 0; byte < 256; ++byte) {
    for (size_t length = 1; length <= 48; ++length) {
      for (size_t at = 0; at < length; ++at) {
        std::string s(length, 'a');
        s[at] = static_cast<char>(byte);
        if (at + 1 < length) s[length - 1] = '"';  // a second special byte after the first
        common::JsonWriter w;
        w.string(s);
        ASSERT_EQ(w.str(), expected(s)) << "byte " << byte << " at " << at << " of " << length;
        // An attribute value's shape, written in one step while the string is plain.
        common::JsonWriter tagged;
        tagged.tagged_string("S", s);
        ASSERT_EQ(tagged.str(), "{\"S\":" + expected(s) + "}")
            << "byte " << byte << " at " << at << " of " << length;
      }
    }
  }
}

}  // namespace
}  // namespace ddb
