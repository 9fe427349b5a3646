#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

#include "common/crc32.h"

namespace common {
namespace {

TEST(Crc32Test, IsTheStandardCheckValue) {
  // The CRC-32 catalogue's check value: CRC of the nine ASCII digits.
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
}

// The folding path (64 bytes and more) and zlib's must agree at every length around the folds'
// 16- and 64-byte steps, from every alignment.
TEST(Crc32Test, AgreesWithZlibAtEveryLengthAndAlignment) {
  std::mt19937 random(7);
  std::string bytes(5000, '\0');
  for (auto& byte : bytes) byte = static_cast<char>(random());
  for (size_t length = 0; length < 1100; ++length) {
    for (size_t offset = 0; offset < 16; offset += 5) {
      std::string_view data(bytes.data() + offset, length);
      uint32_t expected = static_cast<uint32_t>(
          ::crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(length)));
      ASSERT_EQ(crc32(data), expected) << "length " << length << " offset " << offset;
    }
  }
  std::string_view all(bytes);
  EXPECT_EQ(crc32(all), static_cast<uint32_t>(
                            ::crc32(0, reinterpret_cast<const Bytef*>(all.data()), all.size())));
}

}  // namespace
}  // namespace common
