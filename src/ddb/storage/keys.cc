#include "ddb/storage/keys.h"

#include "ddb/value/key_encoding.h"

namespace ddb::keys {

std::string space_prefix(uint32_t table_id, uint16_t index_id) {
  std::string out;
  out.reserve(64);  // the partition prefix and a key or two of usual size, without regrowing
  append_u32_be(out, table_id);
  out.push_back(static_cast<char>(index_id >> 8));
  out.push_back(static_cast<char>(index_id & 0xFF));
  return out;
}

std::string partition_prefix(uint32_t table_id, uint16_t index_id, const AttributeValue& pk) {
  std::string out = space_prefix(table_id, index_id);
  append_u64_be(out, partition_hash(pk));
  append_key_value(out, pk);
  return out;
}

std::string partition_prefix(uint32_t table_id, uint16_t index_id,
                             const std::vector<const AttributeValue*>& values) {
  std::string out = space_prefix(table_id, index_id);
  uint64_t hash = partition_hash(*values[0]);
  for (size_t i = 1; i < values.size(); ++i) {
    hash = (hash ^ partition_hash(*values[i])) * 1099511628211ULL;  // FNV-style mixing
  }
  append_u64_be(out, hash);
  for (const AttributeValue* v : values) append_key_value(out, *v);
  return out;
}

namespace {

const AttributeValue* typed(const TableDef& table, const Item& item, const std::string& name) {
  auto it = item.find(name);
  if (it == item.end()) return nullptr;
  char type = table.attribute_type(name);
  const AttributeValue& v = it->second;
  if ((type == 'S' && v.type != ValueType::S) || (type == 'N' && v.type != ValueType::N) ||
      (type == 'B' && v.type != ValueType::B)) {
    return nullptr;
  }
  return &v;
}

bool append_tail(std::string& out, const TableDef& table, const Item& item) {
  const AttributeValue* pk = typed(table, item, table.key.hash);
  if (!pk) return false;
  append_key_value(out, *pk);
  if (table.key.range) {
    const AttributeValue* sk = typed(table, item, *table.key.range);
    if (!sk) return false;
    append_key_value(out, *sk);
  }
  return true;
}

}  // namespace

std::optional<std::string> item_key(const TableDef& table, const Item& key) {
  const AttributeValue* pk = typed(table, key, table.key.hash);
  if (!pk) return std::nullopt;
  std::string out = partition_prefix(table.id, 0, *pk);
  if (table.key.range) {
    const AttributeValue* sk = typed(table, key, *table.key.range);
    if (!sk) return std::nullopt;
    append_key_value(out, *sk);
  }
  return out;
}

std::optional<std::string> index_key(const TableDef& table, const IndexDef& index,
                                     const Item& item) {
  // DynamoDB's key limits: no empty string or binary, 2048 bytes for a partition key, 1024 for
  // a sort key. Writes are refused before they get here; an item already stored when the index
  // is created is left out of it.
  auto keyable = [](const AttributeValue& v, size_t max_bytes) {
    return !v.scalar.empty() && v.scalar.size() <= max_bytes;
  };
  std::string out;
  if (!index.key.composite()) {
    const AttributeValue* ipk = typed(table, item, index.key.hash);
    if (!ipk || !keyable(*ipk, 2048)) return std::nullopt;
    out = partition_prefix(table.id, index.id, *ipk);
    if (index.key.range) {
      const AttributeValue* isk = typed(table, item, *index.key.range);
      if (!isk || !keyable(*isk, 1024)) return std::nullopt;
      append_key_value(out, *isk);
    }
  } else {
    // Every attribute of a multi-attribute key must be there, typed and keyable (each within
    // the limit of its part), or the item is not in the index.
    std::vector<const AttributeValue*> partition;
    for (const auto& name : index.key.partition_attributes()) {
      const AttributeValue* v = typed(table, item, name);
      if (!v || !keyable(*v, 2048)) return std::nullopt;
      partition.push_back(v);
    }
    out = partition_prefix(table.id, index.id, partition);
    for (const auto& name : index.key.sort_attributes()) {
      const AttributeValue* v = typed(table, item, name);
      if (!v || !keyable(*v, 1024)) return std::nullopt;
      append_key_value(out, *v);
    }
  }
  if (!append_tail(out, table, item)) return std::nullopt;
  return out;
}

std::string prefix_successor(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // empty: no upper bound
}

}  // namespace ddb::keys
