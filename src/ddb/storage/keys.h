// Storage key layout (on-disk format):
//   item:         [u32 table id][u16 0][u64 hash(pk)][enc(pk)][enc(sk)]
//   index entry:  [u32 table id][u16 index id][u64 hash(ipk)][enc(ipk)][enc(isk)][item key tail]
//                 (a multi-attribute index key: the hash of every partition attribute's value,
//                 then each partition attribute's enc, then each sort attribute's, in order)
// where enc is the order-preserving key encoding and the item key tail is enc(pk)enc(sk) of
// the base item, so entries with equal index keys stay distinct and ordered by table key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ddb/storage/table_def.h"

namespace ddb::keys {

constexpr size_t kSpacePrefix = 6;                     // table id + index id
constexpr size_t kPartitionPrefix = kSpacePrefix + 8;  // + hash

// [table id][index id]: every key of one table (index 0) or one index.
std::string space_prefix(uint32_t table_id, uint16_t index_id);
// [table id][index id][hash][enc(pk)]: every key of one partition.
std::string partition_prefix(uint32_t table_id, uint16_t index_id, const AttributeValue& pk);
// The same for a multi-attribute partition key: [hash of the values][enc(v1)]...[enc(vn)]. With
// one value it is the single-attribute prefix, byte for byte.
std::string partition_prefix(uint32_t table_id, uint16_t index_id,
                             const std::vector<const AttributeValue*>& values);

// The item key of `key` (an item or just its key attributes); nullopt if a key attribute is
// missing.
std::optional<std::string> item_key(const TableDef& table, const Item& key);
// The index entry key of `item` in `index`; nullopt if the item lacks an index key attribute
// of the right type, or one whose value cannot be a key (empty, or over 2048 bytes for the
// partition key, 1024 for the sort key): a sparse index leaves such items out.
std::optional<std::string> index_key(const TableDef& table, const IndexDef& index,
                                     const Item& item);

// The first key past every key starting with `prefix`.
std::string prefix_successor(std::string prefix);

}  // namespace ddb::keys
