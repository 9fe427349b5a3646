// Reading stored items in key order and from one point in time, without RocksDB in sight:
// ItemCursor walks a key range (Query, Scan), ReadSnapshot pins a consistent view
// (TransactGetItems). Both are made by Engine and must not outlive it. Not thread-safe: one
// reader each.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace rocksdb {
class Iterator;
class Snapshot;
}  // namespace rocksdb

namespace ddb {

class Engine;

// Storage keys from `lower` (inclusive) to `upper` (exclusive; empty: no bound).
struct KeyRange {
  std::string lower;
  std::string upper;
};

// Stored entries (items or index entries) in key order, forward or backward. Each value is the
// stored binary form (binary_codec.h).
class ItemCursor {
 public:
  ItemCursor(ItemCursor&&) noexcept;
  ~ItemCursor();

  // Whether the cursor is on an entry. At the end, throws ApiError (internal) if the storage
  // read failed, so that a failure never looks like the end of the data.
  bool valid() const;
  std::string_view key() const;
  std::string_view value() const;
  // The next entry in the cursor's direction.
  void next();

 private:
  friend class Engine;
  struct State;
  explicit ItemCursor(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// A consistent view of the whole database as of its creation; released when destroyed.
class ReadSnapshot {
 public:
  ReadSnapshot(ReadSnapshot&&) noexcept;
  ~ReadSnapshot();

 private:
  friend class Engine;
  ReadSnapshot(const Engine* engine, const rocksdb::Snapshot* snapshot)
      : engine_(engine), snapshot_(snapshot) {}
  const Engine* engine_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace ddb
