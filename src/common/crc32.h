// CRC-32 (IEEE 802.3, the polynomial of zlib and of DynamoDB's x-amz-crc32 header).
#pragma once

#include <cstdint>
#include <string_view>

namespace common {

// The CRC-32 of `data`, as zlib's crc32(0, data, size) gives it. Uses carry-less
// multiplication (PCLMULQDQ) where the CPU has it, zlib's tables elsewhere. Thread-safe.
uint32_t crc32(std::string_view data);

}  // namespace common
