// The types of the one write path: what a write replaces (PriorItem), what it cost
// (WriteFootprint), what it did (ItemWriteResult), and MultiWrite, the atomic write of several
// items for BatchWriteItem and TransactWriteItems. Engine::write_item and Engine::begin_* make
// them; see engine.h for the protocol.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ddb/storage/item_claims.h"
#include "ddb/storage/key_locks.h"
#include "ddb/storage/table_def.h"

namespace ddb {

class Engine;
struct WriteSet;

// The stored version of an item that a write is about to replace.
struct PriorItem {
  bool exists = false;
  size_t size = 0;  // item_size() of the stored item
  bool decoded = false;
  Item item;  // filled when decoded
};

// What one item change costs, for ConsumedCapacity: bytes written to the table and to each
// index whose entries it touched (index id -> bytes of every entry put or deleted).
struct WriteFootprint {
  size_t table_bytes = 0;
  std::map<uint16_t, std::vector<size_t>> index_writes;
};

// Decides a single-item write from the item it replaces: returns the new item, or nullopt to
// leave no item (a delete; nothing is written when there was none). Throws to write nothing —
// ApiError::conditional_check_failed() for a condition that does not hold. Runs under the
// item's lock: it must not call back into the Engine.
using WriteDecision = std::function<std::optional<Item>(const PriorItem& prior)>;

struct ItemWriteResult {
  PriorItem prior;
  std::optional<Item> item;  // what the decision returned
  WriteFootprint footprint;  // empty when nothing was written
};

// One item of a MultiWrite.
struct WriteTarget {
  std::shared_ptr<const TableDef> table;
  std::string key;  // storage key (keys::item_key)
};

// An atomic write of several items. While it lives it holds the lock of every item (and a
// transaction's claims on them); its priors are read under those locks. Stage the changes, then
// commit() once: every change lands in one atomic batch, or (on a throw, or if never committed)
// none does. Move-only; one thread.
class MultiWrite {
 public:
  MultiWrite(MultiWrite&&) noexcept;
  ~MultiWrite();

  const PriorItem& prior(size_t i) const { return priors_[i]; }
  // Replaces item i with `new_item` (null: deletes it; nothing when it does not exist). Adds the
  // cost to `footprint` if given.
  void stage(size_t i, const Item* new_item, WriteFootprint* footprint = nullptr);
  // Records a transaction's result under its ClientRequestToken, in the same batch.
  void stage_idempotent(const std::string& token, uint64_t request_hash,
                        const std::string& response);
  // Writes everything staged; durable when it returns. Throws ApiError (internal) on failure.
  void commit();

 private:
  friend class Engine;
  MultiWrite(Engine& engine, std::vector<WriteTarget> targets);
  Engine* engine_;
  std::vector<WriteTarget> targets_;
  std::vector<PriorItem> priors_;
  std::unique_ptr<WriteSet> write_set_;
  // Declared before the locks so that they are released after them.
  std::optional<ClaimHold> claims_;
  KeyLocks::Guard locks_;
};

}  // namespace ddb
