#include "ddb/server/dispatch.h"

#include <simdjson.h>

#include "ddb/error.h"
#include "ddb/ops/operations.h"
#include "ddb/server/auth.h"
#include "ddb/value/json_writer.h"

namespace ddb {

namespace {
constexpr std::string_view kDynamoDBPrefix = "DynamoDB_20120810.";
constexpr std::string_view kStreamsPrefix = "DynamoDBStreams_20120810.";
}  // namespace

HttpReply error_reply(int status, std::string_view type, std::string_view message,
                      std::string_view extra_members) {
  JsonWriter w;
  w.begin_object();
  w.key("__type");
  w.string(type);
  if (!message.empty()) {
    w.key("message");
    w.string(message);
  }
  w.end_object();
  HttpReply reply;
  reply.status = status;
  reply.body = w.take();
  if (!extra_members.empty()) {
    reply.body.pop_back();
    reply.body += ",";
    reply.body += extra_members;
    reply.body += "}";
  }
  return reply;
}

std::string region_of(std::string_view authorization) {
  size_t at = authorization.find("Credential=");
  if (at == std::string_view::npos) return "";
  std::string_view scope = authorization.substr(at + 11);
  scope = scope.substr(0, scope.find_first_of(", "));
  // access-key/date/region/service/aws4_request
  for (int i = 0; i < 2; ++i) {
    size_t slash = scope.find('/');
    if (slash == std::string_view::npos) return "";
    scope.remove_prefix(slash + 1);
  }
  return std::string(scope.substr(0, scope.find('/')));
}

HttpReply dispatch(Engine& engine, const HttpRequestView& request,
                   const Authenticator* authenticator) {
  if (request.method == "GET" || request.method == "HEAD") {  // the health check
    HttpReply reply;
    reply.content_type = "text/plain";
    reply.body = "healthy: dynamodb.us-east-1.amazonaws.com ";
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
      return error_reply(e.http_status(), e.type(), e.message());
    }
  }
  if (request.method != "POST") {
    return error_reply(404, "com.amazon.coral.service#UnknownOperationException", "");
  }
  Operation operation = nullptr;
  if (request.target.substr(0, kDynamoDBPrefix.size()) == kDynamoDBPrefix) {
    operation = find_operation(request.target.substr(kDynamoDBPrefix.size()));
  } else if (request.target.substr(0, kStreamsPrefix.size()) == kStreamsPrefix) {
    operation = find_stream_operation(request.target.substr(kStreamsPrefix.size()));
  }
  if (!operation) {
    ApiError e = ApiError::unknown_operation();
    return error_reply(e.http_status(), e.type(), e.message());
  }
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object body;
  if (parser.parse(request.body.data(), request.body.size()).get(root) ||
      root.get_object().get(body)) {
    return error_reply(400, "com.amazon.coral.service#SerializationException",
                       "The request body is not a valid JSON object");
  }
  RequestContext context;
  context.host = std::string(request.host);
  if (std::string region = region_of(request.authorization); !region.empty()) {
    context.region = std::move(region);
  }
  try {
    HttpReply reply;
    reply.body = operation(engine, Request(body, context));
    return reply;
  } catch (const ApiError& e) {
    return error_reply(e.http_status(), e.type(), e.message(), e.extra_members());
  } catch (const simdjson::simdjson_error& e) {
    return error_reply(400, "com.amazon.coral.service#SerializationException", e.what());
  } catch (const std::exception& e) {
    return error_reply(500, "com.amazonaws.dynamodb.v20120810#InternalServerError", e.what());
  }
}

}  // namespace ddb
