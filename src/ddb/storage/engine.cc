// Engine: opening and closing the database, its background threads, and the atomic commit that
// every write ends in.
#include "ddb/storage/engine.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "ddb/error.h"
#include "ddb/storage/keys.h"
#include "ddb/storage/layout.h"
#include "ddb/storage/rocksdb_statics.h"
#include "ddb/storage/write_set.h"

namespace ddb {
namespace {

// RocksDB writes an OPTIONS file at every open and column family creation, then parses it back
// to verify it: ~60% of the instructions of an in-memory start (callgrind), for a file nobody
// can read once the process is gone. In memory its creation is refused; RocksDB logs that and
// goes on (fail_if_options_file_error is false).
class NoOptionsFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  const char* Name() const override { return "NoOptionsFileSystem"; }
  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    if (name.find("/OPTIONS-") != std::string::npos) {
      return rocksdb::IOStatus::NotSupported("no OPTIONS file in memory");
    }
    return target()->NewWritableFile(name, options, file, debug);
  }
};

// In memory the info log could never be read either; formatting it was ~9% of the start.
class NoLogger : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

}  // namespace

void Engine::open_database() {
  run_rocksdb_static_constructors();  // before the first call into RocksDB
  const EngineOptions& options = options_;

  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_open_files = 512;
  db_options.keep_log_file_num = 2;
  db_options.recycle_log_file_num = 2;
  // Open loads table files on this many threads; RocksDB's 16 start (and join) 15 threads at
  // every open, even of an empty database: 2 cores gain nothing from more than 2.
  db_options.max_file_opening_threads = options.in_memory ? 1 : 2;
  // No timer thread writing statistics to the info log: nobody reads them.
  db_options.stats_dump_period_sec = 0;
  db_options.stats_persist_period_sec = 0;
  db_options.avoid_unnecessary_blocking_io = true;
  // A log file can go only when every column family has flushed what it holds, and the catalog
  // and streams families take a few bytes of most writes: without a bound RocksDB keeps up to
  // 4x the memtables' size (1.5 GB here) of log, all replayed at the next start. Measured after
  // loading 2M items: 15 logs, 900 MB beside 120 MB of tables, and 1.8 s to start again.
  db_options.max_total_wal_size = 256 << 20;
  // Group commit (engine.h): a write's log record stays in RocksDB's buffer until commit()
  // writes the buffer out, once for every write of the requests an I/O thread handled together.
  db_options.manual_wal_flush = !options.in_memory;
  // Compactions yield the CPU to requests at once: they run as SCHED_IDLE, which the kernel
  // preempts as soon as a normal thread wakes on its CPU, and they can wait (writes slow down
  // only at 20 files in level 0, ~1.3 GB of writes behind). Flushes run at normal priority:
  // a flush is what lets writes go on once a memtable is full, and an idle-policy thread gets
  // next to no CPU while other processes keep every core busy. With flushes idle too, a durable
  // server taking PutItems beside two busy shell loops (60 s, bench-latency, 4 connections)
  // flushed nothing in the minute, slowed its writes to RocksDB's delayed rate (4,169 req/s)
  // and would have stopped them at its second full memtable; with flushes at normal priority:
  // 6 flushes, no stall, 12,504 req/s. Without the loops the tails did not move (2026-12-06,
  // interleaved: bench-latency PutItem at 16 connections, p99 0.82 / 0.82 / 0.63 ms idle, 0.83
  // / 0.75 / 1.01 normal; wrk -t2 -c16 p99 medians of 4: 6.29 ms idle, 2.80 ms normal, both
  // ruled by the host's pauses of a busy VM, see bench/pause_probe.cc).
  rocksdb::Env::Default()->LowerThreadPoolCPUPriority(rocksdb::Env::Priority::LOW,
                                                      rocksdb::CpuPriority::kIdle);
  if (options.in_memory) {
    memory_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    memory_db_env_ = rocksdb::NewCompositeEnv(
        std::make_shared<NoOptionsFileSystem>(memory_env_->GetFileSystem()));
    db_options.env = memory_db_env_.get();
    db_options.info_log = std::make_shared<NoLogger>();
  } else {
    std::error_code ec;
    std::filesystem::create_directories(options.path, ec);
    if (ec) throw std::runtime_error("cannot create " + options.path + ": " + ec.message());
    // Table files are read through a mapping, not pread: a block that misses the block cache
    // (at 2M items nearly every block a Query reads) is a memory read, where a pread was a
    // system call, costly under virtualisation (a quarter of the storage time of a Query over
    // 2M items). Mapped pages are the page cache's; once touched they count in the RSS, as
    // RssFile. Newest-first Query of 20 over 2M items, the storage alone (a throwaway program
    // running the server's iterator on a copy of bench/run --scale's table, 200k Queries, two
    // interleaved runs): 27-35 us by pread with read-ahead, 13.5-14.5 us mapped without; the
    // server's I/O thread, CPU per Query, medians of 4 interleaved fresh loads: 59.7 -> 55.0 us.
    db_options.allow_mmap_reads = true;
  }

  rocksdb::BlockBasedTableOptions table_options;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // No read-ahead after a few sequential blocks: a Query reads 2-3 blocks of one partition and
  // stops, and every read-ahead past them was a wasted readahead() call (5% of the storage
  // time in the program above). A long Scan of a mapped file gets the kernel's read-around.
  table_options.max_auto_readahead_size = 0;
  // No block cache: a block is read from the mapped file (or the in-memory file), checked and
  // decompressed each time. RocksDB's cache is two-tiered, its blocks above the page cache's
  // compressed pages (RocksDB wiki, "Memory usage in RocksDB"), and here the upper tier cost
  // more than it saved. Keys drawn from a whole table (wrk's, and most tables' traffic beyond
  // the memtable's recent writes) miss nearly every time, and each miss inserted a fresh 4 KB
  // block into the LRU list and evicted a cold one; without the cache the iterator's block
  // reuses the memory the last one freed. Copies of one 2M-item table, interleaved (3 rounds,
  // CPU of the I/O thread a request): Query 55.0 -> 41.9 us, GetItem 28.0 -> 22.1 us. What the
  // cache saved when it did hit, on 100 hot conversations of that table: 48.8 -> 42.8 us a
  // Query and 20.2 -> 18.2 us a GetItem. A table read from its files no longer holds up to 8 MB
  // of cached blocks in the RSS either.
  table_options.no_block_cache = true;
  // An index block restarts its prefix compression every 16 keys, not at every key (RocksDB's
  // default of 1), as data blocks do. A level-1 file of a 2M-item table indexes ~60,000 blocks
  // by keys of ~70 bytes that share most of their bytes with the key before: its index held
  // 7.0 MB with a restart at every key, 2.9 MB with one every 16, and a read's binary search
  // probes 4,000 restart points instead of 60,000, then walks at most 15 keys lying next to
  // each other. On copies of a 2M-item table, perf's samples of IndexBlockIter::SeekImpl a
  // request (4 interleaved rounds, wrk -t1 -c16): GetItem 1.91 -> 1.09 us, Query 2.05 -> 1.62
  // us; the table's files 127 -> 124 MB.
  table_options.index_block_restart_interval = 16;
  rocksdb::ColumnFamilyOptions data_options;
  data_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  // Every data key starts with [table id][index id][hash of the partition key] (keys.h): bloom
  // filters on that prefix let a Query's seek skip every table file and memtable without its
  // partition instead of reading a block of each. 2M items, newest-first Query of 20: see
  // bench/run --scale.
  data_options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(keys::kPartitionPrefix));
  // A whole-key bloom filter on the memtable lets a write's read of the old item skip the
  // skip-list search when the key is new. 0.4% of the 64 MB memtable is ~11 bits per key of
  // ~300-byte items (under 1% false positives); each new memtable zeroes and faults it in, in
  // the write that switches memtables and at start (5%, a 3.2 MB memset, was a third of the
  // start-up time; 1% still 160 page faults).
  data_options.memtable_whole_key_filtering = true;
  data_options.memtable_prefix_bloom_size_ratio = 0.004;
  // Level 0 is merged into level 1 as soon as it holds a file, not at RocksDB's default of 4.
  // Level 0's files overlap, so every read looks into each of them: even when its partition's
  // bloom filter rules a file out, a Query pays for the file's iterator and the filter's cache
  // miss. A 2M-item table left with 3 files in level 0 by its load, then a copy with them merged
  // into level 1 (interleaved, medians of 4 and 3 rounds): a Query 46.5 -> 39.5 us, a GetItem
  // 22.3 -> 19.1 us. The price is compaction: keys are hashed, so each merge rewrites all of
  // level 1, once a memtable instead of once every four; it runs at idle priority (above).
  // PutItem on fresh durable servers, wrk -t2 -c16, medians of 3: 42,441 -> 40,345 req/s, and
  // 24.5 -> 26.6 us of the whole process's CPU a write.
  data_options.level0_file_num_compaction_trigger = 1;
  rocksdb::ColumnFamilyOptions catalog_options;

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, data_options},
      {"catalog", catalog_options},
      {"streams", rocksdb::ColumnFamilyOptions()}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  std::string path = options.in_memory ? "/ddb-memory" : options.path;
  layout::check(rocksdb::DB::Open(db_options, path, families, &handles, &raw), "open database");
  db_.reset(raw);
  data_ = handles[0];
  catalog_ = handles[1];
  streams_cf_ = handles[2];
}

std::unique_ptr<Engine> Engine::open(const EngineOptions& options) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->options_ = options;
  Engine* e = engine.get();
  if (options.in_memory) {
    // A new database in memory holds nothing: no catalog to load, no counters to restore or
    // recount. It opens (~8 ms, a third of an in-memory start) while the server starts
    // listening; the catalog answers meanwhile, and every method that needs the database waits.
    e->opener_ = std::thread([e] {
      try {
        e->open_database();
      } catch (const std::exception& error) {
        std::lock_guard lock(e->open_mutex_);
        e->open_error_ = error.what();
        e->opened_.notify_all();
        return;
      }
      e->start_background([e] { e->housekeeping_loop(); });
      e->start_background([e] { e->ttl_sweeper_loop(); });
      std::lock_guard lock(e->open_mutex_);
      e->open_.store(true, std::memory_order_release);
      e->opened_.notify_all();
    });
    return engine;
  }
  e->open_database();
  e->load_catalog();
  e->load_counters();
  e->start_background([e] { e->housekeeping_loop(); });
  e->start_background([e] { e->ttl_sweeper_loop(); });
  // An index whose backfill a crash interrupted carries on (a backfill is idempotent).
  for (const auto& name : e->table_names()) {
    for (const auto& index : e->find_table(name)->indexes) {
      if (index.status != "CREATING") continue;
      e->start_background([e, name, index_name = index.name] { e->backfill(name, index_name); });
    }
  }
  e->open_.store(true, std::memory_order_release);
  return engine;
}

void Engine::wait_open() const {
  if (open_.load(std::memory_order_acquire)) return;
  std::unique_lock lock(open_mutex_);
  opened_.wait(lock, [this] { return open_.load() || !open_error_.empty(); });
  if (!open_error_.empty()) throw ApiError::internal("open database: " + open_error_);
}

Engine::~Engine() {
  stopping_ = true;
  if (opener_.joinable()) opener_.join();
  {
    std::lock_guard lock(background_mutex_);
    for (auto& task : background_) task.thread.join();
  }
  if (db_) {
    // Writes whose replies were never sent go to the log all the same.
    if (!options_.in_memory) db_->FlushWAL(options_.sync);
    // Counters from a recount that gave up are incomplete: the next open counts again.
    if (recount_finished_) save_counters();
    db_->DestroyColumnFamilyHandle(streams_cf_);
    db_->DestroyColumnFamilyHandle(catalog_);
    db_->DestroyColumnFamilyHandle(data_);
    db_->Close();
  }
}

void Engine::start_background(std::function<void()> work) {
  std::lock_guard lock(background_mutex_);
  std::erase_if(background_, [](BackgroundTask& task) {
    if (!task.done->load()) return false;
    task.thread.join();
    return true;
  });
  auto done = std::make_shared<std::atomic<bool>>(false);
  background_.push_back({std::thread([work = std::move(work), done] {
                           work();
                           *done = true;
                         }),
                         done});
}

void Engine::housekeeping_loop() {
  while (!stopping_) {
    for (int i = 0; i < 600 && !stopping_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (stopping_) return;
    trim_streams();
    drop_expired_idempotency_records(layout::now_seconds());
  }
}

std::unique_ptr<rocksdb::Iterator> Engine::data_iterator(rocksdb::ReadOptions options) const {
  // Bounds inside one partition (the same [table id][index id][hash] at both ends: a Query's)
  // read in prefix mode proper, with the partition's bloom filters in every table file and
  // memtable: RocksDB 7.8's memtable iterator consults its filter only then, not under
  // auto_prefix_mode ("Auto prefix mode is not implemented in memtable yet", memtable.cc), so
  // every Query had searched the memtable's skip list even for a partition it does not hold
  // (8.5% of the I/O thread's time under Query load on a freshly loaded 2M-item table, perf).
  // Elsewhere the bounds decide (auto_prefix_mode): prefix mode where they keep the iteration
  // in the seek key's partition, total order otherwise (Scan, backfill, TTL, recount).
  const rocksdb::Slice* lower = options.iterate_lower_bound;
  const rocksdb::Slice* upper = options.iterate_upper_bound;
  if (lower && upper && lower->size() >= keys::kPartitionPrefix &&
      upper->size() >= keys::kPartitionPrefix &&
      std::memcmp(lower->data(), upper->data(), keys::kPartitionPrefix) == 0) {
    options.total_order_seek = false;
    options.prefix_same_as_start = true;
  } else {
    options.auto_prefix_mode = true;
  }
  return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(options, data_));
}

namespace {
// Set on a thread whose writes a later commit() makes durable (hold_commits_on_this_thread).
thread_local bool commits_held = false;
}  // namespace

void Engine::hold_commits_on_this_thread() {
  commits_held = true;
}

void Engine::write_batch(rocksdb::WriteBatch& batch) {
  rocksdb::WriteOptions write_options;
  // In memory there is no crash to recover from: a log would be copied for nothing. On disk the
  // record goes to the log buffer, and commit() writes and syncs it.
  write_options.disableWAL = options_.in_memory;
  // Counted before a reader can see it: a reply that shows it then finds a commit pending.
  if (!options_.in_memory) started_writes_.fetch_add(1, std::memory_order_seq_cst);
  rocksdb::Status s = db_->Write(write_options, &batch);
  if (!options_.in_memory) buffered_writes_.fetch_add(1, std::memory_order_release);
  if (!s.ok()) throw ApiError::internal("storage write failed: " + s.ToString());
  if (!commits_held) commit();
}

bool Engine::commit_pending() const {
  return started_writes_.load(std::memory_order_seq_cst) >
         committed_writes_.load(std::memory_order_acquire);
}

void Engine::commit() {
  if (options_.in_memory) return;
  uint64_t buffered = buffered_writes_.load(std::memory_order_acquire);
  if (committed_writes_.load(std::memory_order_acquire) >= buffered) return;
  std::lock_guard lock(commit_mutex_);
  // Every write counted by now is in the buffer this flush writes out: a commit that finds its
  // writes counted as committed knows a flush that began after them has ended.
  buffered = buffered_writes_.load(std::memory_order_acquire);
  if (committed_writes_.load(std::memory_order_relaxed) >= buffered) return;
  rocksdb::Status s = db_->FlushWAL(options_.sync);
  if (!s.ok()) throw ApiError::internal("storage write failed: " + s.ToString());
  committed_writes_.store(buffered, std::memory_order_release);
}

void Engine::write(WriteSet& write_set) {
  if (write_set.stream_records.empty()) {
    write_batch(write_set.batch);
    for (const auto& delta : write_set.stat_deltas) counters_.add(delta);
    return;
  }
  // Sequence numbers are handed out and committed under one lock, so they follow commit order
  // and a reader never sees a later number before an earlier one.
  std::lock_guard lock(sequence_mutex_);
  uint64_t first = next_sequence_;
  for (auto& record : write_set.stream_records) {
    uint64_t sequence = next_sequence_++;
    write_set.batch.Put(streams_cf_, stream_record_key(record.stream_id, sequence),
                        stamp_stream_record(record, sequence));
  }
  try {
    write_batch(write_set.batch);
  } catch (...) {
    next_sequence_ = first;
    throw;
  }
  for (const auto& delta : write_set.stat_deltas) counters_.add(delta);
}

}  // namespace ddb
