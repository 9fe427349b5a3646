// The DynamoDB Streams log: stream definitions and their records. A record is built while its
// change is staged and committed in the same atomic write; its sequence number is stamped in as
// the write commits, so sequence numbers follow commit order.
//
// Records live in their own column family under [u32 stream id][u64 sequence number], each as
// [i64 creation time ms][the record's JSON].
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/storage/table_def.h"

namespace ddb {

struct StreamDef {
  uint32_t id = 0;
  std::string table_name;
  std::string table_arn;
  std::string label;
  std::string view_type;
  KeySchema key;
  double created = 0;           // epoch seconds
  uint64_t first_sequence = 0;  // the first sequence number the stream may hold
  bool enabled = true;
  uint64_t last_sequence = 0;  // once disabled: the last sequence number it holds

  std::string arn() const { return table_arn + "/stream/" + label; }
  std::string shard_id() const;
  std::string to_json() const;
  static StreamDef from_json(std::string_view json);
};

// A record waiting for its sequence number.
struct PendingStreamRecord {
  uint32_t stream_id;
  std::string json;  // with placeholders at the offsets below
  size_t sequence_offset;
  size_t event_id_offset;
};

// Builds the record of a change to an item (either image may be null: an insert or a remove).
// Returns nullopt for a change that changes nothing.
std::optional<PendingStreamRecord> build_stream_record(const TableDef& table, const Item* old_item,
                                                       const Item* new_item, bool by_ttl);

// Stamps `sequence` into the record and returns its stored value.
std::string stamp_stream_record(PendingStreamRecord& record, uint64_t sequence);

std::string stream_record_key(uint32_t stream_id, uint64_t sequence);
std::string format_sequence_number(uint64_t sequence);  // 21 digits, as DynamoDB writes them

}  // namespace ddb
