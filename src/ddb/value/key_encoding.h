// Order-preserving, self-delimiting byte encodings of key values (S, N, B), so that RocksDB's
// bytewise order is DynamoDB's key order: strings and binaries by unsigned bytes, numbers
// numerically. Also the partition hash that spreads partitions over the key space.
#pragma once

#include <cstdint>
#include <string>

#include "ddb/value/attribute_value.h"

namespace ddb {

// Appends the encoding of a scalar key value (S, N or B).
void append_key_value(std::string& out, const AttributeValue& value);
std::string encode_key_value(const AttributeValue& value);

// Stable 64-bit hash of a partition key value (part of the on-disk format: never change it).
uint64_t partition_hash(const AttributeValue& value);

void append_u64_be(std::string& out, uint64_t v);
void append_u32_be(std::string& out, uint32_t v);
uint64_t read_u64_be(const char* p);

}  // namespace ddb
