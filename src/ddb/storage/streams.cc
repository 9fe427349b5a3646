// Engine: reading and trimming the stream log (records are written with their changes; see
// item_writes.cc and stream_log.h).
#include <rocksdb/db.h>

#include <algorithm>
#include <cstring>

#include "ddb/storage/engine.h"
#include "ddb/storage/layout.h"
#include "ddb/value/key_encoding.h"

namespace ddb {

std::vector<std::shared_ptr<const StreamDef>> Engine::streams() const {
  std::shared_lock lock(catalog_mutex_);
  std::vector<std::shared_ptr<const StreamDef>> out;
  for (const auto& [_, s] : streams_) out.push_back(s);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a->arn() < b->arn(); });
  return out;
}

std::shared_ptr<const StreamDef> Engine::find_stream(std::string_view arn) const {
  std::shared_lock lock(catalog_mutex_);
  for (const auto& [_, s] : streams_) {
    if (s->arn() == arn) return s;
  }
  return nullptr;
}

uint64_t Engine::latest_sequence() const {
  std::lock_guard lock(sequence_mutex_);
  return next_sequence_ - 1;
}

uint64_t Engine::trim_horizon(const StreamDef& stream) const {
  wait_open();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), streams_cf_));
  it->Seek(stream_record_key(stream.id, 0));
  if (it->Valid() && it->key().size() == 12 &&
      static_cast<uint32_t>(read_u64_be(it->key().data()) >> 32) == stream.id) {
    return std::max(stream.first_sequence, read_u64_be(it->key().data() + 4));
  }
  // Nothing retained: everything up to now is behind the horizon.
  return std::max(stream.first_sequence, latest_sequence() + 1);
}

std::vector<Engine::StreamRecord> Engine::read_stream(const StreamDef& stream, uint64_t from,
                                                      size_t limit, size_t max_bytes) const {
  wait_open();
  std::vector<StreamRecord> out;
  std::string upper_key = stream_record_key(stream.id + 1, 0);
  rocksdb::Slice upper(upper_key);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, streams_cf_));
  size_t bytes = 0;
  for (it->Seek(stream_record_key(stream.id, from)); it->Valid() && out.size() < limit;
       it->Next()) {
    std::string_view value = it->value().ToStringView();
    if (value.size() < 8) continue;
    out.push_back({read_u64_be(it->key().data() + 4), std::string(value.substr(8))});
    bytes += value.size() - 8;
    if (bytes >= max_bytes) break;
  }
  return out;
}

void Engine::trim_streams() {
  int64_t cutoff = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count() -
                   layout::kStreamRetentionMs;
  for (const auto& stream : streams()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), streams_cf_));
    std::string begin = stream_record_key(stream->id, 0), end;
    for (it->Seek(begin); it->Valid() && it->key().size() == 12; it->Next()) {
      if (static_cast<uint32_t>(read_u64_be(it->key().data()) >> 32) != stream->id) break;
      int64_t created;
      std::memcpy(&created, it->value().data(), 8);
      if (created >= cutoff) break;
      end = it->key().ToString();
    }
    if (end.empty()) continue;
    rocksdb::WriteBatch batch;
    batch.DeleteRange(streams_cf_, begin, end);
    batch.Delete(streams_cf_, end);
    write_batch(batch);
  }
}

}  // namespace ddb
