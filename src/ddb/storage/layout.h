// Internal to storage: where the Engine keeps what, beyond the item and index keys of keys.h.
//   catalog family:  't' + name -> TableDef JSON       'S' + u32 stream id -> StreamDef JSON
//                    's' + table id + index id -> the counters saved at a clean shutdown
//                    'n' -> next table id              'clean' -> present after a clean shutdown
//                    'x' + token -> time, request hash, response (ClientRequestToken)
//   data family:     items and index entries (keys.h), and each table's TTL queue under the
//                    reserved index id 0xFFFF: [table id][0xFFFF][u64 expiry][item key] -> ""
//   streams family:  [u32 stream id][u64 sequence number] -> records (stream_log.h)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ddb/storage/table_def.h"

namespace rocksdb {
class Status;
}

namespace ddb::layout {

constexpr char kTablePrefix = 't';
constexpr const char* kCleanShutdown = "clean";
constexpr char kStatsPrefix = 's';
constexpr const char* kNextTableId = "n";
constexpr char kIdempotencyPrefix = 'x';
constexpr char kStreamPrefix = 'S';
constexpr int64_t kStreamRetentionMs = 24 * 3600 * 1000;
constexpr uint16_t kTtlSpace = 0xFFFF;
// DynamoDB leaves alone items whose expiry is more than five years in the past.
constexpr int64_t kTtlIgnoredAgeSeconds = 5LL * 365 * 24 * 3600;

int64_t now_seconds();

std::string table_key(const std::string& name);
std::string stream_key(uint32_t stream_id);
std::string stats_key(uint32_t table_id, uint16_t index_id);

// The expiry time of an item under a TTL attribute: a Number of epoch seconds; nullopt when the
// item has none, or a negative or absurd one.
std::optional<uint64_t> expiry_of(const Item& item, const std::string& attribute);
std::string ttl_queue_key(uint32_t table_id, uint64_t expiry, const std::string& item_key);

// The attributes an index entry holds: its keys, the table's keys, and the projection.
Item project_for_index(const TableDef& table, const IndexDef& index, const Item& item);

// Throws std::runtime_error("<what>: <status>") unless `status` is ok.
void check(const rocksdb::Status& status, const char* what);

}  // namespace ddb::layout
