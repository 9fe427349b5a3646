#include "ddb/value/key_encoding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "ddb/value/number.h"

namespace ddb {
namespace {

AttributeValue num(const std::string& text) {
  std::string error;
  return AttributeValue::number(Number::parse(text, &error)->to_string());
}

TEST(KeyEncodingTest, NumbersSortNumerically) {
  std::vector<std::string> ordered = {"-1e125", "-1000", "-999.5", "-10",  "-1",   "-0.5",
                                      "-0.05",  "0",     "1e-130", "0.05", "0.5",  "1",
                                      "9",      "10",    "10.5",   "99",   "1000", "9.9e125"};
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_LT(encode_key_value(num(ordered[i])), encode_key_value(num(ordered[i + 1])))
        << ordered[i] << " vs " << ordered[i + 1];
  }
}

TEST(KeyEncodingTest, StringsSortByUnsignedBytesAndAreSelfDelimiting) {
  std::vector<std::string> ordered = {
      "",    std::string("\0", 1), std::string("\0\0", 2), "a", "a\x01", "ab", "b", "\xc3\xa9",
      "\xff"};
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    std::string a = encode_key_value(AttributeValue::string(ordered[i]));
    std::string b = encode_key_value(AttributeValue::string(ordered[i + 1]));
    EXPECT_LT(a, b) << i;
    // No encoding is a prefix of another, so a following sort key can never be confused.
    EXPECT_NE(b.compare(0, a.size(), a), 0) << i;
  }
}

TEST(KeyEncodingTest, RandomNumbersAgreeWithNumberOrder) {
  std::mt19937 random(7);
  std::vector<Number> numbers;
  std::string error;
  for (int i = 0; i < 2000; ++i) {
    std::string text = (random() % 2 ? "-" : "") + std::to_string(random() % 100000) + "." +
                       std::to_string(random() % 1000) + "e" +
                       std::to_string(int(random() % 40) - 20);
    numbers.push_back(*Number::parse(text, &error));
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    auto a = encode_key_value(AttributeValue::number(numbers[i].to_string()));
    auto b = encode_key_value(AttributeValue::number(numbers[i + 1].to_string()));
    EXPECT_EQ(numbers[i] < numbers[i + 1], a < b)
        << numbers[i].to_string() << " " << numbers[i + 1].to_string();
  }
}

TEST(KeyEncodingTest, PartitionHashIsStable) {
  // The hash is part of the on-disk format; a change would scramble existing databases.
  EXPECT_EQ(partition_hash(AttributeValue::string("MSG#1")),
            partition_hash(AttributeValue::string("MSG#1")));
  EXPECT_NE(partition_hash(AttributeValue::string("a")),
            partition_hash(AttributeValue::string("b")));
}

// The hash and the encoding are part of the on-disk format: these values were written down from
// the code that wrote the first databases, and any change to either scrambles them.
TEST(KeyEncodingTest, PartitionHashAndEncodingArePinned) {
  using namespace std::string_literals;
  struct Case {
    AttributeValue value;
    uint64_t hash;
    std::string encoded;
  };
  std::vector<Case> cases = {
      {AttributeValue::string("MSG#conv-0001"), 0x60825d5c9b01fd0d, "MSG#conv-0001\0\x01"s},
      {AttributeValue::string(""), 0x8166fded1c352b8e, "\0\x01"s},
      {AttributeValue::string("a\0b"s), 0xa3fc086ea0d036aa,
       "a\0\xFF"
       "b\0\x01"s},
      {AttributeValue::string("\0\0"s), 0x938bea07ae5c0619, "\0\xFF\0\xFF\0\x01"s},
      {AttributeValue::string(std::string(40, 'x') + "\xFF\x01"), 0x7c4b855e38f4d83a,
       std::string(40, 'x') + "\xFF\x01\0\x01"s},
      {AttributeValue::binary("\x01\0\x02"s), 0x825394916becc681, "\x01\0\xFF\x02\0\x01"s},
      {num("12.5"), 0x52b0ea66a17b10a2,
       "\x03\x03\xEA"
       "125\0"s},
      {num("-3"), 0x6cba63846daf5ab3, "\x01\xFC\x16\xCC\xFF"s},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(partition_hash(c.value), c.hash) << ::testing::PrintToString(c.encoded);
    EXPECT_EQ(encode_key_value(c.value), c.encoded);
  }
}

}  // namespace
}  // namespace ddb
