#include "ddb/server/dispatch.h"

#include <simdjson.h>

#include <algorithm>
#include <random>

#include "common/crc32.h"
#include "common/json_writer.h"
#include "ddb/error.h"
#include "ddb/ops/api_model.h"
#include "ddb/ops/operations.h"
#include "ddb/server/auth.h"
#include "ddb/server/content_encoding.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

constexpr std::string_view kDynamoDBPrefix = "DynamoDB_20120810.";
constexpr std::string_view kStreamsPrefix = "DynamoDBStreams_20120810.";
constexpr std::string_view kDefaultHost = "dynamodb.us-east-1.amazonaws.com";
constexpr size_t kMaxBodyBytes = 16 * 1024 * 1024;

// 52 characters of [A-Z0-9], like DynamoDB's: a per-thread random seed stepped by splitmix64.
// Each 16 bits of an output pick a character by multiplying into [0, 36) (x * 36 >> 16, off
// uniform by under 0.1%) rather than dividing by 36: 602 instructions a request where it was
// 802 (callgrind, GetItem).
void append_request_id(std::string& out) {
  thread_local uint64_t state =
      std::random_device{}() * 0x9e3779b97f4a7c15ULL ^ std::random_device{}();
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char id[52];
  for (size_t i = 0; i < sizeof id; i += 4) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (size_t j = 0; j < 4; ++j, z >>= 16) id[i + j] = kAlphabet[((z & 0xffff) * 36) >> 16];
  }
  out.append(id, sizeof id);
}

net::HttpReply json_reply(int status, std::string body) {
  net::HttpReply reply;
  reply.status = status;
  reply.body = std::move(body);
  reply.content_type = "application/x-amz-json-1.0";
  return reply;
}

}  // namespace

void configure_front(net::ServerOptions& options) {
  options.wanted_headers = {"X-Amz-Target", "Content-Encoding"};
  options.max_body_bytes = kMaxBodyBytes;
  // DynamoDB compresses answers of 4 KB and more for a client that accepts gzip or deflate, and
  // its x-amz-crc32 is that of the bytes sent (ScyllaDB Alternator's
  // test_compressed_response.py pins the threshold against DynamoDB).
  options.compress_from_bytes = 4096;
  options.body_too_large = [] { return error_reply(ApiError::request_entity_too_large()); };
  // botocore and the Go SDK check x-amz-crc32 against the body.
  options.add_headers = [](const net::HttpReply& reply, std::string& head) {
    head += "x-amzn-RequestId: ";
    append_request_id(head);
    head += "\r\nx-amz-crc32: ";
    head += std::to_string(common::crc32(reply.body));
    head += "\r\n";
  };
  options.cors_expose_headers = "x-amzn-RequestId, x-amz-crc32";
}

std::optional<net::HttpReply> commit_replies(Engine& engine) {
  try {
    engine.commit();
    return std::nullopt;
  } catch (const ApiError& error) {
    return error_reply(error);
  }
}

net::HttpReply error_reply(const ApiError& error) {
  common::JsonWriter w;
  w.begin_object();
  w.key("__type");
  w.string(error.type());
  if (!error.message().empty()) {
    w.key("message");
    w.string(error.message());
  }
  if (error.item()) {
    w.key("Item");
    encode_item(w, *error.item());
  }
  if (!error.cancellation_reasons().empty()) {
    w.key("CancellationReasons");
    w.begin_array();
    for (const auto& reason : error.cancellation_reasons()) {
      w.begin_object();
      w.key("Code");
      w.string(reason.code);
      if (!reason.message.empty()) {
        w.key("Message");
        w.string(reason.message);
      }
      if (reason.item) {
        w.key("Item");
        encode_item(w, *reason.item);
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return json_reply(error.http_status(), w.take());
}

std::string region_of(std::string_view authorization) {
  size_t at = authorization.find("Credential=");
  if (at == std::string_view::npos) return "";
  std::string_view scope = authorization.substr(at + 11);
  // The scope ends at a comma or a space. Not find_first_of(", "), which calls memchr over the
  // set for every byte it passes: ~1,400 instructions of a GetItem's ~37,000 (callgrind).
  size_t end = 0;
  while (end < scope.size() && scope[end] != ',' && scope[end] != ' ') ++end;
  scope = scope.substr(0, end);
  // access-key/date/region/service/aws4_request
  for (int i = 0; i < 2; ++i) {
    size_t slash = scope.find('/');
    if (slash == std::string_view::npos) return "";
    scope.remove_prefix(slash + 1);
  }
  return std::string(scope.substr(0, scope.find('/')));
}

net::HttpReply dispatch(Engine& engine, const net::HttpRequestView& request,
                        const Authenticator* authenticator) {
  if ((request.method == "GET" || request.method == "HEAD") && request.path == "/") {
    // The health check names the host it was asked for, as DynamoDB's does ("healthy:
    // dynamodb.us-east-1.amazonaws.com "); only the root path answers it.
    net::HttpReply reply;
    reply.content_type = "text/plain";
    reply.body = "healthy: ";
    reply.body += request.host.empty() ? kDefaultHost : request.host;
    reply.body += ' ';
    return reply;
  }
  if (authenticator) {
    aws::HttpMessage message{
        request.method, request.path, request.query,
        request.headers ? *request.headers : std::vector<std::pair<std::string, std::string>>{},
        request.body};
    try {
      authenticator->verify(message, request.authorization);
    } catch (const ApiError& e) {
      return error_reply(e);
    }
  }
  if (request.method != "POST") {
    net::HttpReply reply = error_reply(ApiError::unknown_operation());
    reply.status = 404;
    return reply;
  }
  Operation operation = nullptr;
  std::string_view target = request.wanted[0];  // X-Amz-Target (configure_front)
  std::string_view name;
  if (target.substr(0, kDynamoDBPrefix.size()) == kDynamoDBPrefix) {
    name = target.substr(kDynamoDBPrefix.size());
    operation = find_operation(name);
  } else if (target.substr(0, kStreamsPrefix.size()) == kStreamsPrefix) {
    name = target.substr(kStreamsPrefix.size());
    operation = find_stream_operation(name);
  }
  if (!operation) return error_reply(ApiError::unknown_operation());
  // A compressed body (Content-Encoding, configure_front) is decoded after its signature, which
  // covers the body as sent, was verified.
  std::string decoded;
  std::string_view json = request.body;
  if (!request.wanted[1].empty()) {
    try {
      decoded = decode_body(request.wanted[1], request.body, kMaxBodyBytes);
    } catch (const ApiError& e) {
      return error_reply(e);
    }
    json = decoded;
  }
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object body;
  if (parser.parse(json.data(), json.size()).get(root) || root.get_object().get(body)) {
    return error_reply(ApiError::serialization("The request body is not a valid JSON object"));
  }
  RequestContext context;
  context.host = std::string(request.host);
  if (std::string region = region_of(request.authorization); !region.empty()) {
    context.region = std::move(region);
  }
  try {
    validate_input(name, root);  // the model stage, before the operation's own checks
    return json_reply(200, operation(engine, Request(body, context)));
  } catch (const ApiError& e) {
    return error_reply(e);
  } catch (const simdjson::simdjson_error& e) {
    return error_reply(ApiError::serialization(e.what()));
  } catch (const std::exception& e) {
    return error_reply(ApiError::internal(e.what()));
  }
}

}  // namespace ddb
