// The DynamoDB Streams API (DynamoDBStreams_20120810.*): ListStreams, DescribeStream,
// GetShardIterator, GetRecords. Each stream has one shard; records come from the stream log.
#include <chrono>

#include "common/base64.h"
#include "common/json_writer.h"
#include "ddb/error.h"
#include "ddb/ops/common.h"
#include "ddb/ops/operations.h"

namespace ddb {

namespace {

constexpr int64_t kIteratorLifetimeMs = 15 * 60 * 1000;
constexpr size_t kMaxRecordsPerCall = 1000;
constexpr size_t kMaxRecordBytesPerCall = 1024 * 1024;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

[[noreturn]] void stream_not_found(std::string_view arn) {
  throw ApiError::resource_not_found("Requested resource not found: Stream: " + std::string(arn) +
                                     " not found");
}

// A stream ARN as the Streams API model bounds it (37 to 1024 characters) and as DynamoDB reads
// it — arn:<partition>:dynamodb:<region>:<account>:table/<name>/stream/<label> — else
// ValidationException "Invalid StreamArn" (the message DynamoDB Streams answers a malformed ARN
// with; a well-formed ARN of no stream is ResourceNotFoundException).
void check_stream_arn(std::string_view arn, std::string_view path) {
  ConstraintErrors errors;
  if (arn.size() < 37) {
    errors.add(arn, path, "Member must have length greater than or equal to 37");
  } else if (arn.size() > 1024) {
    errors.add(arn, path, "Member must have length less than or equal to 1024");
  }
  errors.throw_if_any();
  std::vector<std::string_view> fields;
  for (size_t start = 0; fields.size() < 5;) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) throw ApiError::validation("Invalid StreamArn");
    fields.push_back(arn.substr(start, colon - start));
    start = colon + 1;
    if (fields.size() == 5) fields.push_back(arn.substr(start));
  }
  std::string_view resource = fields[5];
  size_t stream = resource.find("/stream/");
  bool valid = fields[0] == "arn" && !fields[1].empty() && fields[2] == "dynamodb" &&
               !fields[3].empty() && !fields[4].empty() && resource.starts_with("table/") &&
               stream != std::string_view::npos && stream > 6 && stream + 8 < resource.size();
  if (!valid) throw ApiError::validation("Invalid StreamArn");
}

std::shared_ptr<const StreamDef> require_stream(const Engine& engine, const Request& request) {
  auto arn = request.string("StreamArn");
  if (!arn) {
    ConstraintErrors errors;
    errors.add_null("streamArn");
    errors.throw_if_any();
  }
  check_stream_arn(*arn, "streamArn");
  auto stream = engine.find_stream(*arn);
  if (!stream) stream_not_found(*arn);
  return stream;
}

// A shard iterator: where to read next in which stream, and when it was issued. Opaque to
// clients (base64url), checked on the way back in.
struct ShardIterator {
  uint32_t stream_id;
  uint64_t next_sequence;
  int64_t issued_ms;
  std::string stream_arn;
};

std::string encode_iterator(const ShardIterator& it) {
  std::string text = std::to_string(it.stream_id) + "|" + std::to_string(it.next_sequence) + "|" +
                     std::to_string(it.issued_ms) + "|" + it.stream_arn;
  return common::base64url_encode(text);
}

ShardIterator decode_iterator(const Engine& engine, std::string_view text) {
  auto invalid = [] { return ApiError::validation("Invalid ShardIterator"); };
  auto decoded = common::base64url_decode(text);
  if (!decoded) throw invalid();
  ShardIterator it{};
  size_t a = decoded->find('|'), b = decoded->find('|', a + 1), c = decoded->find('|', b + 1);
  if (a == std::string::npos || b == std::string::npos || c == std::string::npos) throw invalid();
  try {
    it.stream_id = static_cast<uint32_t>(std::stoul(decoded->substr(0, a)));
    it.next_sequence = std::stoull(decoded->substr(a + 1, b - a - 1));
    it.issued_ms = std::stoll(decoded->substr(b + 1, c - b - 1));
  } catch (const std::exception&) {
    throw invalid();
  }
  it.stream_arn = decoded->substr(c + 1);
  auto stream = engine.find_stream(it.stream_arn);
  if (!stream || stream->id != it.stream_id) throw invalid();
  return it;
}

}  // namespace

std::string list_streams(Engine& engine, const Request& request) {
  auto table = request.string("TableName");
  auto start = request.string("ExclusiveStartStreamArn");
  if (start) check_stream_arn(*start, "exclusiveStartStreamArn");
  int64_t limit = request.integer("Limit").value_or(100);
  if (limit < 1 || limit > 100) {
    ConstraintErrors errors;
    errors.add(std::to_string(limit), "limit",
               limit < 1 ? "Member must have value greater than or equal to 1"
                         : "Member must have value less than or equal to 100");
    errors.throw_if_any();
  }
  if (table && !engine.find_table(*table)) {
    // DynamoDB answers an empty list for a table that has no streams, and an error for none.
    throw ApiError::resource_not_found(
        "Requested resource not found: Table: " + std::string(*table) + " not found");
  }
  common::JsonWriter w;
  w.begin_object();
  w.key("Streams");
  w.begin_array();
  int64_t count = 0;
  std::string last;
  bool more = false;
  for (const auto& s : engine.streams()) {
    if (table && s->table_name != *table) continue;
    if (start && s->arn() <= *start) continue;
    if (count == limit) {
      more = true;
      break;
    }
    w.begin_object();
    w.key("StreamArn");
    w.string(s->arn());
    w.key("TableName");
    w.string(s->table_name);
    w.key("StreamLabel");
    w.string(s->label);
    w.end_object();
    last = s->arn();
    ++count;
  }
  w.end_array();
  if (more) {
    w.key("LastEvaluatedStreamArn");
    w.string(last);
  }
  w.end_object();
  return w.take();
}

std::string describe_stream(Engine& engine, const Request& request) {
  auto stream = require_stream(engine, request);
  auto start_shard = request.string("ExclusiveStartShardId");
  // Every stream has one shard, which has no children.
  bool children_only = false;
  if (auto filter = request.object("ShardFilter")) {
    // Both members are optional; Type's one value and ShardId's 28 to 65 characters are the API
    // reference's constraints (API_streams_ShardFilter), reported as the model stage reports.
    ConstraintErrors errors;
    simdjson::dom::element type, shard;
    if (!filter->at_key("Type").get(type) && !type.is_null()) {
      if (json_string(type) != "CHILD_SHARDS") {
        errors.add(json_string(type), "shardFilter.type",
                   "Member must satisfy enum value set: [CHILD_SHARDS]");
      }
      children_only = true;
    }
    if (!filter->at_key("ShardId").get(shard) && !shard.is_null()) {
      std::string_view id = json_string(shard);
      if (id.size() < 28) {
        errors.add(id, "shardFilter.shardId",
                   "Member must have length greater than or equal to 28");
      } else if (id.size() > 65) {
        errors.add(id, "shardFilter.shardId", "Member must have length less than or equal to 65");
      }
    }
    errors.throw_if_any();
  }
  common::JsonWriter w;
  w.begin_object();
  w.key("StreamDescription");
  w.begin_object();
  w.key("StreamArn");
  w.string(stream->arn());
  w.key("StreamLabel");
  w.string(stream->label);
  w.key("StreamStatus");
  w.string(stream->enabled ? "ENABLED" : "DISABLED");
  w.key("StreamViewType");
  w.string(stream->view_type);
  w.key("CreationRequestDateTime");
  w.number(stream->created);
  w.key("TableName");
  w.string(stream->table_name);
  w.key("KeySchema");
  write_key_schema(w, stream->key);
  w.key("Shards");
  w.begin_array();
  if (!children_only && (!start_shard || *start_shard < stream->shard_id())) {
    w.begin_object();
    w.key("ShardId");
    w.string(stream->shard_id());
    w.key("SequenceNumberRange");
    w.begin_object();
    w.key("StartingSequenceNumber");
    w.string(format_sequence_number(engine.trim_horizon(*stream)));
    if (!stream->enabled) {
      w.key("EndingSequenceNumber");
      w.string(format_sequence_number(stream->last_sequence));
    }
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
  return w.take();
}

std::string get_shard_iterator(Engine& engine, const Request& request) {
  auto stream = require_stream(engine, request);
  auto shard = request.string("ShardId");
  auto type = request.string("ShardIteratorType");
  ConstraintErrors errors;
  if (!shard) errors.add_null("shardId");
  if (!type) {
    errors.add_null("shardIteratorType");
  } else if (*type != "TRIM_HORIZON" && *type != "LATEST" && *type != "AT_SEQUENCE_NUMBER" &&
             *type != "AFTER_SEQUENCE_NUMBER") {
    errors.add(*type, "shardIteratorType",
               "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, "
               "AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
  }
  errors.throw_if_any();
  if (*shard != stream->shard_id()) {
    throw ApiError::resource_not_found("Requested resource not found: Shard does not exist");
  }
  ShardIterator it{stream->id, 0, now_ms(), stream->arn()};
  uint64_t horizon = engine.trim_horizon(*stream);
  if (*type == "TRIM_HORIZON") {
    it.next_sequence = horizon;
  } else if (*type == "LATEST") {
    it.next_sequence = stream->enabled ? engine.latest_sequence() + 1 : stream->last_sequence + 1;
  } else {
    auto text = request.string("SequenceNumber");
    if (!text) {
      throw ApiError::validation("SequenceNumber is required when ShardIteratorType is " +
                                 std::string(*type));
    }
    uint64_t sequence;
    try {
      size_t used = 0;
      sequence = std::stoull(std::string(*text), &used);
      if (used != text->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw ApiError::validation("Invalid SequenceNumber: " + std::string(*text));
    }
    if (sequence < stream->first_sequence ||
        (!stream->enabled && sequence > stream->last_sequence)) {
      throw ApiError::validation("Invalid SequenceNumber: " + std::string(*text) +
                                 " is not in the shard " + stream->shard_id());
    }
    if (sequence < horizon) {
      throw ApiError::trimmed_data_access();
    }
    it.next_sequence = *type == "AT_SEQUENCE_NUMBER" ? sequence : sequence + 1;
  }
  common::JsonWriter w;
  w.begin_object();
  w.key("ShardIterator");
  w.string(encode_iterator(it));
  w.end_object();
  return w.take();
}

std::string get_records(Engine& engine, const Request& request) {
  auto text = request.string("ShardIterator");
  if (!text) {
    ConstraintErrors errors;
    errors.add_null("shardIterator");
    errors.throw_if_any();
  }
  int64_t limit = request.integer("Limit").value_or(kMaxRecordsPerCall);
  if (limit < 1 || limit > static_cast<int64_t>(kMaxRecordsPerCall)) {
    ConstraintErrors errors;
    errors.add(std::to_string(limit), "limit",
               limit < 1 ? "Member must have value greater than or equal to 1"
                         : "Member must have value less than or equal to 1000");
    errors.throw_if_any();
  }
  ShardIterator it = decode_iterator(engine, *text);
  int64_t now = now_ms();
  if (now - it.issued_ms > kIteratorLifetimeMs) {
    throw ApiError::expired_iterator("Iterator expired. The iterator was created at time " +
                                     std::to_string(it.issued_ms) +
                                     " while right now the time is " + std::to_string(now));
  }
  auto stream = engine.find_stream(it.stream_arn);
  if (!stream) stream_not_found(it.stream_arn);
  if (it.next_sequence < engine.trim_horizon(*stream) &&
      it.next_sequence >= stream->first_sequence &&
      engine.trim_horizon(*stream) > stream->first_sequence) {
    throw ApiError::trimmed_data_access();
  }
  auto records = engine.read_stream(*stream, it.next_sequence, static_cast<size_t>(limit),
                                    kMaxRecordBytesPerCall);
  // Splice the stored record JSON in as it is: no re-encoding.
  std::string body = "{\"Records\":[";
  for (size_t i = 0; i < records.size(); ++i) {
    if (i) body += ",";
    body += records[i].json;
  }
  body += "]";
  uint64_t next = records.empty() ? it.next_sequence : records.back().sequence + 1;
  bool drained = !stream->enabled && next > stream->last_sequence;
  if (!drained) {
    ShardIterator following{it.stream_id, next, now, it.stream_arn};
    body += ",\"NextShardIterator\":\"" + encode_iterator(following) + "\"";
  }
  body += "}";
  return body;
}

}  // namespace ddb
