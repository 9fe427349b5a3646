// Engine: the RocksDB database under every table — the catalog of tables, items and their
// index entries, per-table counters — on disk or in memory.
//
// Thread-safe. Table definitions are immutable once published: callers hold a shared_ptr to
// the definition they work with. Single-item writes are serialized per key with lock_key().
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "ddb/storage/item_claims.h"
#include "ddb/storage/space_counters.h"
#include "ddb/storage/stream_log.h"
#include "ddb/storage/table_def.h"

namespace ddb {

struct EngineOptions {
  std::string path = "./data";
  bool in_memory = false;
  bool sync = false;         // fsync the WAL on every write
  int ttl_period_ms = 2000;  // how often the TTL sweeper deletes expired items
};

// What one item change costs, for ConsumedCapacity: bytes written to the table and to each
// index whose entries it touched (index id -> bytes of every entry put or deleted).
struct WriteFootprint {
  size_t table_bytes = 0;
  std::map<uint16_t, std::vector<size_t>> index_writes;
};

// The stored version of an item that a write is about to replace.
struct PriorItem {
  bool exists = false;
  size_t size = 0;  // item_size() of the stored item
  bool decoded = false;
  Item item;  // filled when decoded
};

class Engine {
 public:
  // Opens (creating if needed) the database; throws std::runtime_error on failure.
  static std::unique_ptr<Engine> open(const EngineOptions& options);
  ~Engine();

  // --- catalog ---
  std::shared_ptr<const TableDef> find_table(std::string_view name) const;
  std::vector<std::string> table_names() const;  // sorted
  // Assigns the table id and index ids, persists and publishes the table. Returns nullptr if a
  // table of that name exists.
  std::shared_ptr<const TableDef> create_table(TableDef def);
  // Removes the table and all its data. Returns the removed definition, or nullptr.
  std::shared_ptr<const TableDef> delete_table(std::string_view name);
  // A table's (index_id 0) or an index's item count and size. After a crash, waits up to 2 s for
  // the background recount, then reports it as far as it has got.
  SpaceStats stats(uint32_t table_id, uint16_t index_id) const;
  // Replaces a table's definition (UpdateTable): persists and publishes `def`, drops the data of
  // every index it no longer has, and starts backfilling every index in status CREATING.
  // Returns the published definition, or nullptr if the table is gone.
  std::shared_ptr<const TableDef> replace_table(TableDef def);

  // --- items ---
  // Reads one stored item by its storage key. Returns false if absent.
  bool get(const std::string& key, Item* item, const rocksdb::Snapshot* snapshot = nullptr) const;
  // The same, leaving the item in its stored binary form (see binary_codec.h).
  bool get_raw(const std::string& key, std::string* bytes,
               const rocksdb::Snapshot* snapshot = nullptr) const;
  // Reads what a write to `key` replaces. The item is decoded only when the table has indexes
  // (their entries must change) or the caller needs it (`need_item`); else only its size is
  // taken, straight from the stored form.
  PriorItem read_prior(const TableDef& table, const std::string& key, bool need_item) const;
  // Adds to `batch` everything that replacing `prior` with `new_item` needs (`new_item` null: a
  // delete): the item, each index entry, the counters.
  // With the table's stream enabled, the change's stream record goes with it (`by_ttl` marks a
  // removal by the TTL sweeper).
  void stage_item_change(WriteSet& batch, const TableDef& table, const PriorItem& prior,
                         const Item* new_item, const std::string& key,
                         WriteFootprint* footprint = nullptr, bool by_ttl = false) const;
  // Writes atomically, stamping sequence numbers into its stream records in commit order;
  // durable against a process crash when it returns (and against power loss with
  // options.sync). Throws ApiError (internal) on failure.
  void write(WriteSet& batch);

  // --- streams ---
  std::vector<std::shared_ptr<const StreamDef>> streams() const;  // by ARN
  std::shared_ptr<const StreamDef> find_stream(std::string_view arn) const;
  // The last sequence number assigned so far.
  uint64_t latest_sequence() const;
  // The first sequence number still retained in a stream (older records were trimmed).
  uint64_t trim_horizon(const StreamDef& stream) const;
  struct StreamRecord {
    uint64_t sequence;
    std::string json;
  };
  // Up to `limit` records with sequence >= `from`, stopping past `max_bytes` of JSON.
  std::vector<StreamRecord> read_stream(const StreamDef& stream, uint64_t from, size_t limit,
                                        size_t max_bytes) const;

  // The lock serializing writes to one item (striped: unrelated keys may share a lock).
  std::mutex& lock_for(const std::string& item_key);
  size_t lock_index(const std::string& item_key) const;
  std::mutex& lock_at(size_t index) { return locks_[index]; }

  // The items in-flight transactions are working on.
  ItemClaims& claims() { return claims_; }

  // --- transaction idempotency (ClientRequestToken) ---
  // A token stands for its first request's result for 10 minutes after that request completed.
  static constexpr int64_t kIdempotencyWindowSeconds = 600;
  // The tokens whose transactions are running now: one request per token at a time.
  ItemClaims& token_claims() { return token_claims_; }
  // The response stored for `token` within the last `window_seconds`, with the hash of the
  // request that produced it; nullopt if none.
  struct IdempotentResult {
    uint64_t request_hash;
    std::string response;
  };
  std::optional<IdempotentResult> find_idempotent(const std::string& token,
                                                  int64_t window_seconds) const;
  // Adds the record of a transaction's result to the transaction's own batch.
  void stage_idempotent(WriteSet& batch, const std::string& token, uint64_t request_hash,
                        const std::string& response) const;
  // Deletes the records whose window has passed at `now_seconds` (Unix time), except those of
  // tokens whose transaction is running. The housekeeping thread calls it once a minute.
  void drop_expired_idempotency_records(int64_t now_seconds);

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* data_family() const { return data_; }

 private:
  Engine() = default;
  // Fills a new global secondary index from the table's items, then marks it ACTIVE.
  void backfill(std::string table_name, std::string index_name);
  void load_catalog();
  // Loads the counters saved by a clean shutdown; after a crash, starts recounting them in the
  // background, so that a large database serves at once (stats() waits up to 2 s for the count).
  void load_counters();
  void write_batch(rocksdb::WriteBatch& batch);
  // Opens a stream for `def` (which has it enabled) and sets def.stream_id; catalog lock held.
  void open_stream(TableDef& def, rocksdb::WriteBatch& batch);
  // Closes a table's stream, keeping its records; catalog lock held.
  void close_stream(uint32_t stream_id, rocksdb::WriteBatch& batch);
  // Once a minute: deletes stream records past the 24-hour retention and idempotency records
  // past their window.
  void housekeeping_loop();
  void trim_streams();
  // Deletes expired items of tables with TTL enabled, every ttl_period_ms.
  void ttl_sweeper_loop();
  void sweep_expired(const TableDef& table, int64_t now_seconds);
  // Adds the TTL queue entries of the items a table held when TTL was enabled.
  void backfill_ttl(std::string table_name);
  void stage_stats(WriteSet& batch, uint32_t table_id, uint16_t index_id, int64_t count_delta,
                   int64_t bytes_delta) const;
  // Counts every table's and index's items as of `snapshot` (taken at open, before any write)
  // and adds them to the counters, which meanwhile hold the changes made since. Releases the
  // snapshot. Gives up if the engine stops first, leaving the next open to count again.
  void recount(const rocksdb::Snapshot* snapshot);
  // Drops the counters of a deleted table (no index_id) or index, and keeps a recount in progress
  // from adding them back.
  void forget_counters(uint32_t table_id, std::optional<uint16_t> index_id);
  // Saves the counters and marks the shutdown clean.
  void save_counters();

  EngineOptions options_;
  std::unique_ptr<rocksdb::Env> memory_env_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* data_ = nullptr;
  rocksdb::ColumnFamilyHandle* catalog_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_cf_ = nullptr;
  rocksdb::WriteOptions write_options_;

  mutable std::shared_mutex catalog_mutex_;
  std::map<std::string, std::shared_ptr<const TableDef>, std::less<>> tables_;
  uint32_t next_table_id_ = 1;
  std::map<uint32_t, std::shared_ptr<const StreamDef>> streams_;
  uint32_t next_stream_id_ = 1;
  mutable std::mutex sequence_mutex_;
  uint64_t next_sequence_ = 1;  // guarded by sequence_mutex_

  ItemClaims claims_;
  ItemClaims token_claims_;
  SpaceCounters counters_;
  std::atomic<bool> recounting_{false};
  bool recount_finished_ = true;         // false while counting, and for good if the count gave up
  mutable std::mutex recount_mutex_;     // guards the recount's state and the sets below
  std::set<uint32_t> forgotten_tables_;  // deleted during the recount
  std::set<std::pair<uint32_t, uint16_t>> forgotten_indexes_;  // deleted during the recount
  mutable std::condition_variable recount_done_;
  // Starts `work` on a background thread, joining the threads of work that has finished.
  void start_background(std::function<void()> work);
  struct BackgroundTask {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex background_mutex_;
  std::vector<BackgroundTask> background_;
  std::atomic<bool> stopping_{false};
  static constexpr size_t kLockStripes = 4096;
  std::array<std::mutex, kLockStripes> locks_;
};

}  // namespace ddb
