// Engine: the RocksDB database under every table — the catalog of tables, items and their
// index entries, the stream log, the TTL queue, per-table counters — on disk or in memory. The
// only code that touches RocksDB: operations read and write through this interface.
//
// The write path. Every change to an item goes through write_item() (one item) or a MultiWrite
// (BatchWriteItem, TransactWriteItems): claims checked -> the item's lock taken -> the stored
// item read -> the caller decides -> one atomic batch holding the item, its index entries, its
// stream record, its TTL queue entry and the counters' changes -> committed -> lock released.
// A write is acknowledged only once its batch is in the write-ahead log.
//
// Group commit. On disk, a batch's log record is first buffered in the process. On a thread
// that has called hold_commits_on_this_thread(), it stays there until someone calls commit(),
// which writes (and with `sync`, syncs) everything buffered by every thread in one go: a server
// handling many requests at once calls it before sending any of their replies. On every other
// thread each write commits itself before it returns.
//
// In memory, open() returns before the database is open: it opens on a thread of its own while
// the caller starts serving. The catalog (find_table, table_names, streams), which cannot hold
// anything yet, and the claims answer at once; every method that reads or writes the database
// waits for the open, and throws ApiError (internal) if it failed.
//
// Thread-safe. Table definitions are immutable once published: callers hold a shared_ptr to
// the definition they work with. The Engine's own threads (TTL sweeper, housekeeping, index
// backfill, crash recount) are stopped and joined by the destructor.
#pragma once

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
#include "ddb/storage/item_reads.h"
#include "ddb/storage/item_writes.h"
#include "ddb/storage/key_locks.h"
#include "ddb/storage/space_counters.h"
#include "ddb/storage/stream_log.h"
#include "ddb/storage/table_def.h"

namespace rocksdb {
struct ReadOptions;
class ColumnFamilyHandle;
class DB;
class Env;
class Iterator;
class Snapshot;
class WriteBatch;
}  // namespace rocksdb

namespace ddb {

struct EngineOptions {
  std::string path = "./data";
  bool in_memory = false;
  bool sync = false;         // fsync the WAL on every write
  int ttl_period_ms = 2000;  // how often the TTL sweeper deletes expired items
};

class Engine {
 public:
  // Opens (creating if needed) the database; throws std::runtime_error on failure.
  static std::unique_ptr<Engine> open(const EngineOptions& options);
  ~Engine();

  // --- catalog (catalog.cc) ---
  std::shared_ptr<const TableDef> find_table(std::string_view name) const;
  std::vector<std::string> table_names() const;  // sorted
  // Assigns the table id and index ids, persists and publishes the table. Returns nullptr if a
  // table of that name exists.
  std::shared_ptr<const TableDef> create_table(TableDef def);
  // Removes the table and all its data. Returns the removed definition, or nullptr.
  std::shared_ptr<const TableDef> delete_table(std::string_view name);
  // Replaces a table's definition (UpdateTable): persists and publishes `def`, drops the data of
  // every index it no longer has, and starts backfilling every index in status CREATING.
  // Returns the published definition, or nullptr if the table is gone.
  std::shared_ptr<const TableDef> replace_table(TableDef def);
  // A table's (index_id 0) or an index's item count and size. After a crash, waits up to 2 s for
  // the background recount, then reports it as far as it has got (recount.cc).
  SpaceStats stats(uint32_t table_id, uint16_t index_id) const;

  // --- group commit (engine.cc) ---
  // From now on this thread's writes wait in the log buffer for a commit() (by any thread)
  // instead of committing themselves. Whoever calls this must commit before acknowledging them.
  static void hold_commits_on_this_thread();
  // Makes every write that has returned so far, on any thread, durable against a process crash
  // (and against power loss with options.sync); returns at once when they already are. Throws
  // ApiError (internal) if the log cannot be written.
  void commit();
  // Whether a write has begun (on any thread) that a commit has not yet made durable: until
  // then, a reply that may show it must wait for commit().
  bool commit_pending() const;

  // --- reading items (item_reads.cc) ---
  // Reads one stored item by its storage key, now or as of `snapshot`. Returns false if absent.
  // Throws ApiError (internal) on a storage failure or a corrupt record.
  bool get(const std::string& key, Item* item, const ReadSnapshot* snapshot = nullptr) const;
  // The same, leaving the item in its stored binary form (see binary_codec.h).
  bool get_raw(const std::string& key, std::string* bytes,
               const ReadSnapshot* snapshot = nullptr) const;
  // A consistent view of every item as of now.
  ReadSnapshot snapshot() const;
  // The entries of `range` in key order (backward: from the end), starting just after
  // `start_after` when given (a key that need not exist).
  ItemCursor cursor(KeyRange range, bool forward, const std::string* start_after = nullptr) const;
  // Whether a running transaction holds the item (TransactGetItems answers a conflict).
  bool claimed_by_transaction(const std::string& key) const;

  // --- writing items (item_writes.cc) ---
  // The single-item write: refuses with TransactionConflictException if a transaction holds
  // the item; else, under the item's lock, reads the stored item (decoded when `need_prior_item`,
  // or when indexes, the stream or TTL need it), calls `decide`, and commits what it returns.
  // Exceptions from `decide` propagate and nothing is written.
  ItemWriteResult write_item(const TableDef& table, const std::string& key, bool need_prior_item,
                             const WriteDecision& decide);
  // BatchWriteItem: locks every target and reads its stored size. Refuses with
  // TransactionConflictException if a transaction holds any of them.
  MultiWrite begin_batch_write(std::vector<WriteTarget> targets);
  // TransactWriteItems: claims every target (so that other writers are refused), locks them and
  // reads the stored items. Returns nullopt, with `*conflict` the index of the first target
  // another transaction holds, if any is held.
  std::optional<MultiWrite> begin_transaction(std::vector<WriteTarget> targets, size_t* conflict);

  // --- transaction idempotency (idempotency.cc) ---
  // A token stands for its first request's result for 10 minutes after that request completed.
  static constexpr int64_t kIdempotencyWindowSeconds = 600;
  // Holds the token for one request at a time: nullopt if another request holds it now.
  std::optional<ClaimHold> claim_token(const std::string& token);
  // The response stored for `token` within the last `window_seconds`, with the hash of the
  // request that produced it; nullopt if none.
  struct IdempotentResult {
    uint64_t request_hash;
    std::string response;
  };
  std::optional<IdempotentResult> find_idempotent(const std::string& token,
                                                  int64_t window_seconds) const;
  // Deletes the records whose window has passed at `now_seconds` (Unix time), except those of
  // tokens held now. The housekeeping thread calls it once a minute.
  void drop_expired_idempotency_records(int64_t now_seconds);

  // --- streams (streams.cc) ---
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

 private:
  friend class MultiWrite;
  friend class ReadSnapshot;
  Engine() = default;

  // Creates or opens the RocksDB database and its column families (engine.cc).
  void open_database();
  // Returns once the database is open; throws ApiError (internal) if opening it failed.
  void wait_open() const;

  // --- the write path's steps (item_writes.cc) ---
  // Reads what a write to `key` replaces. The item is decoded only when the table has indexes,
  // a stream or TTL (they must change with it) or the caller needs it; else only its size is
  // taken, straight from the stored form.
  PriorItem read_prior(const TableDef& table, const std::string& key, bool need_item) const;
  // Adds to `write_set` everything that replacing `prior` with `new_item` needs (`new_item`
  // null: a delete): the item, each index entry, the TTL queue entry, the counters, and with
  // the table's stream enabled the change's record (`by_ttl` marks a removal by the TTL sweeper).
  void stage_item_change(WriteSet& write_set, const TableDef& table, const PriorItem& prior,
                         const Item* new_item, const std::string& key,
                         WriteFootprint* footprint = nullptr, bool by_ttl = false) const;
  void stage_stats(WriteSet& write_set, uint32_t table_id, uint16_t index_id, int64_t count_delta,
                   int64_t bytes_delta) const;
  void stage_idempotent(WriteSet& write_set, const std::string& token, uint64_t request_hash,
                        const std::string& response) const;
  // Writes atomically, stamping sequence numbers into its stream records in commit order;
  // durable against a process crash when it returns (and against power loss with
  // options.sync), or, on a thread that holds its commits, once commit() has returned. Throws
  // ApiError (internal) on failure.
  void write(WriteSet& write_set);
  void write_batch(rocksdb::WriteBatch& batch);
  // An iterator over the data family. Every one goes through here: the family has a partition
  // prefix extractor, and RocksDB would otherwise take each Seek for a seek within one prefix.
  std::unique_ptr<rocksdb::Iterator> data_iterator(rocksdb::ReadOptions options) const;

  // --- catalog (catalog.cc) ---
  void load_catalog();
  // Opens a stream for `def` (which has it enabled) and sets def.stream_id; catalog lock held.
  void open_stream(TableDef& def, rocksdb::WriteBatch& batch);
  // Closes a table's stream, keeping its records; catalog lock held.
  void close_stream(uint32_t stream_id, rocksdb::WriteBatch& batch);
  // Fills a new global secondary index from the table's items, then marks it ACTIVE
  // (backfill.cc).
  void backfill(std::string table_name, std::string index_name);

  // --- background work (engine.cc) ---
  // Starts `work` on a background thread, joining the threads of work that has finished.
  void start_background(std::function<void()> work);
  // Once a minute: deletes stream records past the 24-hour retention and idempotency records
  // past their window.
  void housekeeping_loop();
  void trim_streams();  // streams.cc

  // --- TTL (ttl.cc) ---
  // Deletes expired items of tables with TTL enabled, every ttl_period_ms.
  void ttl_sweeper_loop();
  void sweep_expired(const TableDef& table, int64_t now_seconds);
  // Adds the TTL queue entries of the items a table held when TTL was enabled.
  void backfill_ttl(std::string table_name);

  // --- counters (recount.cc) ---
  // Loads the counters saved by a clean shutdown; after a crash, starts recounting them in the
  // background, so that a large database serves at once (stats() waits up to 2 s for the count).
  void load_counters();
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
  std::thread opener_;  // in memory: opens the database
  std::atomic<bool> open_{false};
  mutable std::mutex open_mutex_;
  mutable std::condition_variable opened_;
  std::string open_error_;  // guarded by open_mutex_
  // In memory: RocksDB's MemEnv, and the Env over its file system that the database uses.
  std::unique_ptr<rocksdb::Env> memory_env_;
  std::unique_ptr<rocksdb::Env> memory_db_env_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* data_ = nullptr;
  rocksdb::ColumnFamilyHandle* catalog_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_cf_ = nullptr;

  mutable std::shared_mutex catalog_mutex_;
  std::map<std::string, std::shared_ptr<const TableDef>, std::less<>> tables_;
  uint32_t next_table_id_ = 1;
  std::map<uint32_t, std::shared_ptr<const StreamDef>> streams_;
  uint32_t next_stream_id_ = 1;
  // Group commit: how many writes have begun (counted before RocksDB makes them visible), how
  // many have reached the log buffer, and how many of the first of them a commit has made
  // durable; commit_mutex_ lets one commit run at a time.
  std::atomic<uint64_t> started_writes_{0};
  std::atomic<uint64_t> buffered_writes_{0};
  std::atomic<uint64_t> committed_writes_{0};
  std::mutex commit_mutex_;
  mutable std::mutex sequence_mutex_;
  uint64_t next_sequence_ = 1;  // guarded by sequence_mutex_

  KeyLocks locks_;
  mutable ItemClaims claims_;
  ItemClaims token_claims_;
  SpaceCounters counters_;
  std::atomic<bool> recounting_{false};
  bool recount_finished_ = true;         // false while counting, and for good if the count gave up
  mutable std::mutex recount_mutex_;     // guards the recount's state and the sets below
  std::set<uint32_t> forgotten_tables_;  // deleted during the recount
  std::set<std::pair<uint32_t, uint16_t>> forgotten_indexes_;  // deleted during the recount
  mutable std::condition_variable recount_done_;
  struct BackgroundTask {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex background_mutex_;
  std::vector<BackgroundTask> background_;
  std::atomic<bool> stopping_{false};
};

}  // namespace ddb
