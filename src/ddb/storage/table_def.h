// TableDef: everything the catalog knows about one table — keys, attribute definitions,
// indexes, billing, stream settings — and its persisted JSON form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/value/attribute_value.h"

namespace ddb {

// A table's or an index's key. A global index's partition key and sort key may each be made of
// up to 4 attributes (DynamoDB's multi-attribute keys, November 2025): `hash` and `range` are
// the first of each, `more_hash` and `more_range` the others in order. Tables and local indexes
// have one of each at most.
struct KeySchema {
  std::string hash;                  // (first) partition key attribute name
  std::optional<std::string> range;  // (first) sort key attribute name, if any
  std::vector<std::string> more_hash;
  std::vector<std::string> more_range;

  bool composite() const { return !more_hash.empty() || !more_range.empty(); }
  // Every partition, or sort, attribute in order.
  std::vector<std::string> partition_attributes() const;
  std::vector<std::string> sort_attributes() const;
  // Whether `attribute` is one of the key's attributes.
  bool contains(std::string_view attribute) const;
};

enum class ProjectionType { ALL, KEYS_ONLY, INCLUDE };

struct IndexDef {
  std::string name;
  uint16_t id = 0;  // 1..; 0 is the table itself in storage keys
  bool global = true;
  KeySchema key;
  ProjectionType projection = ProjectionType::ALL;
  std::vector<std::string> non_key_attributes;  // INCLUDE
  int64_t read_capacity = 0, write_capacity = 0;
  std::string status = "ACTIVE";
  std::string arn;
};

struct TableDef {
  std::string name;
  uint32_t id = 0;
  std::string table_uuid;  // TableId
  std::string arn;
  double creation_time = 0;                                         // epoch seconds
  std::vector<std::pair<std::string, char>> attribute_definitions;  // name -> 'S' | 'N' | 'B'
  KeySchema key;
  bool pay_per_request = false;
  int64_t read_capacity = 0, write_capacity = 0;
  std::vector<IndexDef> indexes;  // local and global
  bool stream_enabled = false;
  std::string stream_view_type;
  std::string stream_label;
  uint32_t stream_id = 0;     // the current stream's id in the stream log (0: none)
  std::string ttl_attribute;  // Time to Live attribute ("" when TTL is disabled)
  std::vector<std::pair<std::string, std::string>> tags;

  // The declared type of an attribute ('S', 'N', 'B'), or 0 if it has no definition.
  char attribute_type(std::string_view name) const;
  const IndexDef* find_index(std::string_view name) const;
  bool has_local_indexes() const;

  std::string to_json() const;
  static TableDef from_json(std::string_view json);  // throws std::runtime_error if corrupt
};

// The key attributes of `item` under `schema` (copies of them); the item must hold them.
Item key_of(const Item& item, const KeySchema& schema);

}  // namespace ddb
