#include "ddb/storage/stream_log.h"

#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "common/json_writer.h"
#include "ddb/value/json_codec.h"
#include "ddb/value/key_encoding.h"

namespace ddb {

namespace {

constexpr size_t kSequenceDigits = 21;
constexpr size_t kEventIdChars = 32;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string region_of_arn(const std::string& arn) {
  // arn:aws:dynamodb:REGION:ACCOUNT:table/NAME
  size_t start = 0;
  for (int i = 0; i < 3; ++i) start = arn.find(':', start) + 1;
  return arn.substr(start, arn.find(':', start) - start);
}

}  // namespace

std::string StreamDef::shard_id() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "shardId-%020lld-%08x", static_cast<long long>(created * 1000),
                id);
  return buf;
}

std::string StreamDef::to_json() const {
  common::JsonWriter w;
  w.begin_object();
  w.key("id");
  w.number(int64_t{id});
  w.key("table");
  w.string(table_name);
  w.key("table_arn");
  w.string(table_arn);
  w.key("label");
  w.string(label);
  w.key("view_type");
  w.string(view_type);
  w.key("hash");
  w.string(key.hash);
  if (key.range) {
    w.key("range");
    w.string(*key.range);
  }
  w.key("created");
  w.number(created);
  w.key("first");
  w.number(static_cast<int64_t>(first_sequence));
  w.key("enabled");
  w.boolean(enabled);
  w.key("last");
  w.number(static_cast<int64_t>(last_sequence));
  w.end_object();
  return w.take();
}

StreamDef StreamDef::from_json(std::string_view json) {
  simdjson::dom::parser parser;
  try {
    simdjson::dom::object o = parser.parse(json.data(), json.size());
    StreamDef s;
    s.id = static_cast<uint32_t>(int64_t(o["id"]));
    s.table_name = std::string(std::string_view(o["table"]));
    s.table_arn = std::string(std::string_view(o["table_arn"]));
    s.label = std::string(std::string_view(o["label"]));
    s.view_type = std::string(std::string_view(o["view_type"]));
    s.key.hash = std::string(std::string_view(o["hash"]));
    std::string_view range;
    if (!o["range"].get(range)) s.key.range = std::string(range);
    s.created = double(o["created"]);
    s.first_sequence = static_cast<uint64_t>(int64_t(o["first"]));
    s.enabled = bool(o["enabled"]);
    s.last_sequence = static_cast<uint64_t>(int64_t(o["last"]));
    return s;
  } catch (const simdjson::simdjson_error& e) {
    throw std::runtime_error(std::string("corrupt stream definition: ") + e.what());
  }
}

std::optional<PendingStreamRecord> build_stream_record(const TableDef& table, const Item* old_item,
                                                       const Item* new_item, bool by_ttl) {
  if (!table.stream_enabled || !table.stream_id) return std::nullopt;
  if (!old_item && !new_item) return std::nullopt;
  if (old_item && new_item && *old_item == *new_item) return std::nullopt;
  const Item& any = new_item ? *new_item : *old_item;
  const std::string& view = table.stream_view_type;
  bool with_new = new_item && (view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES");
  bool with_old = old_item && (view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES");
  Item keys = key_of(any, table.key);
  size_t size = item_size(keys) + (with_new ? item_size(*new_item) : 0) +
                (with_old ? item_size(*old_item) : 0);

  PendingStreamRecord record;
  record.stream_id = table.stream_id;
  common::JsonWriter w;
  w.begin_object();
  w.key("eventID");
  w.string(std::string(kEventIdChars, '0'));
  w.key("eventName");
  w.string(!old_item ? "INSERT" : !new_item ? "REMOVE" : "MODIFY");
  w.key("eventVersion");
  w.string("1.1");
  w.key("eventSource");
  w.string("aws:dynamodb");
  w.key("awsRegion");
  w.string(region_of_arn(table.arn));
  w.key("dynamodb");
  w.begin_object();
  w.key("ApproximateCreationDateTime");
  w.number(static_cast<int64_t>(now_ms() / 1000));
  w.key("Keys");
  encode_item(w, keys);
  if (with_new) {
    w.key("NewImage");
    encode_item(w, *new_item);
  }
  if (with_old) {
    w.key("OldImage");
    encode_item(w, *old_item);
  }
  w.key("SequenceNumber");
  w.string(std::string(kSequenceDigits, '0'));
  w.key("SizeBytes");
  w.number(static_cast<int64_t>(size));
  w.key("StreamViewType");
  w.string(view);
  w.end_object();
  if (by_ttl) {
    // The Streams API's Identity shape; a Lambda event writes the same as type/principalId.
    w.key("userIdentity");
    w.begin_object();
    w.key("PrincipalId");
    w.string("dynamodb.amazonaws.com");
    w.key("Type");
    w.string("Service");
    w.end_object();
  }
  w.end_object();
  record.json = w.take();
  record.event_id_offset = std::strlen("{\"eventID\":\"");
  record.sequence_offset =
      record.json.find("\"SequenceNumber\":\"") + std::strlen("\"SequenceNumber\":\"");
  return record;
}

std::string format_sequence_number(uint64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%021llu", static_cast<unsigned long long>(sequence));
  return buf;
}

std::string stamp_stream_record(PendingStreamRecord& record, uint64_t sequence) {
  std::string digits = format_sequence_number(sequence);
  std::memcpy(record.json.data() + record.sequence_offset, digits.data(), kSequenceDigits);
  // The event id: a hash of stream and sequence, as 32 hex digits.
  uint64_t a = sequence * 0x9e3779b97f4a7c15ULL ^ record.stream_id;
  uint64_t b = (a ^ (a >> 31)) * 0xbf58476d1ce4e5b9ULL;
  char hex[40];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b ^ (b >> 27)));
  std::memcpy(record.json.data() + record.event_id_offset, hex, kEventIdChars);
  std::string value(8, '\0');
  int64_t created = now_ms();
  std::memcpy(value.data(), &created, 8);
  value += record.json;
  return value;
}

std::string stream_record_key(uint32_t stream_id, uint64_t sequence) {
  std::string key;
  append_u32_be(key, stream_id);
  append_u64_be(key, sequence);
  return key;
}

}  // namespace ddb
