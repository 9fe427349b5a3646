// Engine: reading items — by key, from a snapshot, and in key order through a cursor.
#include <rocksdb/db.h>

#include <vector>

#include "ddb/error.h"
#include "ddb/storage/engine.h"
#include "ddb/value/binary_codec.h"

namespace ddb {

namespace {

// Backward, a range of a few entries is read forward once and served from a copy, last first:
// RocksDB's memtable skip list finds each previous entry by a search from its top (O(log n) key
// comparisons a step) where a forward step follows one link. A Query with
// ScanIndexForward=false over a conversation of 20 messages was 1.47x slower than forward.
constexpr size_t kBackwardCopyEntries = 64;
constexpr size_t kBackwardCopyBytes = 1 << 20;

}  // namespace

struct ItemCursor::State {
  std::string lower, upper;
  rocksdb::Slice lower_slice, upper_slice;
  std::unique_ptr<rocksdb::Iterator> it;
  bool forward = true;
  // A short range read forward for a backward cursor: the entries' bytes in `held`, served
  // from the last; `copied` says the cursor reads from them rather than from `it`.
  struct Entry {
    size_t key, key_size, value, value_size;
  };
  bool copied = false;
  std::string held;
  std::vector<Entry> entries;
  size_t remaining = 0;  // entries[0, remaining) are still to be served

  // Reads [lower, end) forward into `held`, where `end` is start_after when given; false (and
  // nothing held) when the range has more than the copy's bounds, or the read failed.
  bool copy_short_range(const std::string* start_after) {
    // Room for a page of ~300-byte items at once, where growing by doubling reallocated and
    // copied `held` ~10 times for 20 of them.
    entries.reserve(kBackwardCopyEntries);
    held.reserve(16 << 10);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      rocksdb::Slice key = it->key(), value = it->value();
      if (start_after && key.compare(*start_after) >= 0) break;
      if (entries.size() == kBackwardCopyEntries ||
          held.size() + key.size() + value.size() > kBackwardCopyBytes) {
        break;
      }
      entries.push_back({held.size(), key.size(), held.size() + key.size(), value.size()});
      held.append(key.data(), key.size()).append(value.data(), value.size());
    }
    bool whole = it->status().ok() &&
                 (!it->Valid() || (start_after && it->key().compare(*start_after) >= 0));
    if (!whole) {
      held.clear();
      entries.clear();
      return false;
    }
    copied = true;
    remaining = entries.size();
    return true;
  }
};

ItemCursor::ItemCursor(std::unique_ptr<State> state) : state_(std::move(state)) {}
ItemCursor::ItemCursor(ItemCursor&&) noexcept = default;
ItemCursor::~ItemCursor() = default;

bool ItemCursor::valid() const {
  if (state_->copied) return state_->remaining > 0;
  if (state_->it->Valid()) return true;
  if (!state_->it->status().ok()) {
    throw ApiError::internal("storage read failed: " + state_->it->status().ToString());
  }
  return false;
}

std::string_view ItemCursor::key() const {
  if (state_->copied) {
    const auto& entry = state_->entries[state_->remaining - 1];
    return std::string_view(state_->held).substr(entry.key, entry.key_size);
  }
  return state_->it->key().ToStringView();
}

std::string_view ItemCursor::value() const {
  if (state_->copied) {
    const auto& entry = state_->entries[state_->remaining - 1];
    return std::string_view(state_->held).substr(entry.value, entry.value_size);
  }
  return state_->it->value().ToStringView();
}

void ItemCursor::next() {
  if (state_->copied)
    --state_->remaining;
  else if (state_->forward)
    state_->it->Next();
  else
    state_->it->Prev();
}

ReadSnapshot::ReadSnapshot(ReadSnapshot&& other) noexcept
    : engine_(other.engine_), snapshot_(std::exchange(other.snapshot_, nullptr)) {}

ReadSnapshot::~ReadSnapshot() {
  if (snapshot_) engine_->db_->ReleaseSnapshot(snapshot_);
}

ReadSnapshot Engine::snapshot() const {
  wait_open();
  return ReadSnapshot(this, db_->GetSnapshot());
}

ItemCursor Engine::cursor(KeyRange range, bool forward, const std::string* start_after) const {
  wait_open();
  auto state = std::make_unique<ItemCursor::State>();
  state->lower = std::move(range.lower);
  state->upper = std::move(range.upper);
  state->forward = forward;
  state->lower_slice = rocksdb::Slice(state->lower);
  state->upper_slice = rocksdb::Slice(state->upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_lower_bound = &state->lower_slice;
  if (!state->upper.empty()) read_options.iterate_upper_bound = &state->upper_slice;
  state->it = data_iterator(read_options);
  rocksdb::Iterator& it = *state->it;
  if (!forward && state->copy_short_range(start_after)) return ItemCursor(std::move(state));
  if (start_after) {
    if (forward) {
      it.Seek(*start_after);
      if (it.Valid() && it.key() == *start_after) it.Next();
    } else {
      it.SeekForPrev(*start_after);
      if (it.Valid() && it.key() == *start_after) it.Prev();
    }
  } else if (forward) {
    it.SeekToFirst();
  } else {
    it.SeekToLast();
  }
  return ItemCursor(std::move(state));
}

bool Engine::get_raw(const std::string& key, std::string* bytes,
                     const ReadSnapshot* snapshot) const {
  wait_open();
  rocksdb::ReadOptions read_options;
  if (snapshot) read_options.snapshot = snapshot->snapshot_;
  rocksdb::Status s = db_->Get(read_options, data_, key, bytes);
  if (s.IsNotFound()) return false;
  if (!s.ok()) throw ApiError::internal("storage read failed: " + s.ToString());
  return true;
}

bool Engine::get(const std::string& key, Item* item, const ReadSnapshot* snapshot) const {
  std::string bytes;
  if (!get_raw(key, &bytes, snapshot)) return false;
  item->clear();
  if (!decode_item_binary(bytes, item)) throw ApiError::internal("corrupt item record");
  return true;
}

bool Engine::claimed_by_transaction(const std::string& key) const {
  return claims_.claimed(key);
}

}  // namespace ddb
