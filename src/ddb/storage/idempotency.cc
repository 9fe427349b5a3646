// Engine: ClientRequestToken idempotency records — one per token, written in its transaction's
// batch, found again for 10 minutes, deleted by the housekeeping thread after that.
#include <rocksdb/db.h>

#include <cstring>

#include "ddb/storage/engine.h"
#include "ddb/storage/layout.h"
#include "ddb/storage/write_set.h"

namespace ddb {

void Engine::drop_expired_idempotency_records(int64_t now) {
  wait_open();
  const std::string prefix(1, layout::kIdempotencyPrefix);
  auto expired = [&](const rocksdb::Slice& value) {
    int64_t written = 0;
    if (value.size() >= 8) std::memcpy(&written, value.data(), 8);
    return now - written > kIdempotencyWindowSeconds;
  };
  std::vector<std::string> candidates;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), catalog_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (expired(it->value())) candidates.push_back(it->key().ToString().substr(prefix.size()));
  }
  // Each under its token's claim, and read again: a transaction that reused the token
  // meanwhile has written a fresh record, which must stay.
  std::vector<std::string> claimed;
  rocksdb::WriteBatch batch;
  for (const auto& token : candidates) {
    if (token_claims_.try_claim({token}) >= 0) continue;  // running now: the next pass
    claimed.push_back(token);
    std::string value;
    if (db_->Get(rocksdb::ReadOptions(), catalog_, prefix + token, &value).ok() && expired(value)) {
      batch.Delete(catalog_, prefix + token);
    }
  }
  if (batch.Count() > 0) write_batch(batch);
  if (!claimed.empty()) token_claims_.release(claimed);
}

std::optional<Engine::IdempotentResult> Engine::find_idempotent(const std::string& token,
                                                                int64_t window_seconds) const {
  wait_open();
  std::string value;
  if (!db_->Get(rocksdb::ReadOptions(), catalog_,
                std::string(1, layout::kIdempotencyPrefix) + token, &value)
           .ok() ||
      value.size() < 16) {
    return std::nullopt;
  }
  int64_t written;
  uint64_t hash;
  std::memcpy(&written, value.data(), 8);
  std::memcpy(&hash, value.data() + 8, 8);
  if (layout::now_seconds() - written > window_seconds) return std::nullopt;
  return IdempotentResult{hash, value.substr(16)};
}

void Engine::stage_idempotent(WriteSet& write_set, const std::string& token, uint64_t request_hash,
                              const std::string& response) const {
  int64_t now = layout::now_seconds();
  std::string value(16, '\0');
  std::memcpy(value.data(), &now, 8);
  std::memcpy(value.data() + 8, &request_hash, 8);
  value += response;
  write_set.batch.Put(catalog_, std::string(1, layout::kIdempotencyPrefix) + token, value);
}

std::optional<ClaimHold> Engine::claim_token(const std::string& token) {
  if (token_claims_.try_claim({token}) >= 0) return std::nullopt;
  return std::optional<ClaimHold>(std::in_place, token_claims_, std::vector<std::string>{token});
}

}  // namespace ddb
