#include "ddb/storage/layout.h"

#include <rocksdb/status.h>

#include <chrono>
#include <stdexcept>

#include "ddb/storage/keys.h"
#include "ddb/value/key_encoding.h"

namespace ddb::layout {

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string table_key(const std::string& name) {
  return std::string(1, kTablePrefix) + name;
}

std::string stream_key(uint32_t stream_id) {
  std::string key(1, kStreamPrefix);
  append_u32_be(key, stream_id);
  return key;
}

std::string stats_key(uint32_t table_id, uint16_t index_id) {
  std::string key(1, kStatsPrefix);
  key += keys::space_prefix(table_id, index_id);
  return key;
}

std::optional<uint64_t> expiry_of(const Item& item, const std::string& attribute) {
  if (attribute.empty()) return std::nullopt;
  auto it = item.find(attribute);
  if (it == item.end() || it->second.type != ValueType::N) return std::nullopt;
  const std::string& text = it->second.scalar;
  if (text.empty() || text[0] == '-') return std::nullopt;
  std::string whole = text.substr(0, text.find('.'));
  if (whole.size() > 15) return std::nullopt;  // beyond any real date
  return std::stoull(whole);
}

std::string ttl_queue_key(uint32_t table_id, uint64_t expiry, const std::string& item_key) {
  std::string key = keys::space_prefix(table_id, kTtlSpace);
  append_u64_be(key, expiry);
  key += item_key;
  return key;
}

Item project_for_index(const TableDef& table, const IndexDef& index, const Item& item) {
  if (index.projection == ProjectionType::ALL) return item;
  Item out = key_of(item, table.key);
  for (const auto& [name, v] : key_of(item, index.key)) out.insert_or_assign(name, v);
  if (index.projection == ProjectionType::INCLUDE) {
    for (const auto& name : index.non_key_attributes) {
      if (auto it = item.find(name); it != item.end()) out.insert_or_assign(name, it->second);
    }
  }
  return out;
}

void check(const rocksdb::Status& status, const char* what) {
  if (!status.ok()) throw std::runtime_error(std::string(what) + ": " + status.ToString());
}

}  // namespace ddb::layout
