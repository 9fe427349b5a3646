// JsonClient: the AWS JSON protocol (POST, X-Amz-Target, SigV4) for any AWS JSON service —
// DynamoDB and its Streams on any endpoint (ddb-server, Amazon DynamoDB, Alternator), and
// Cognito's user pools. Keeps its connection alive between calls; retries throttling, 5xx
// answers and network failures with full-jitter exponential backoff, as the AWS SDKs do. One
// client per thread.
#pragma once

#include <stdexcept>
#include <string>

#include "aws/credentials.h"
#include "net/http_client.h"

namespace aws {

// An error answer (type without its namespace, e.g. "ResourceNotFoundException"), or a network
// failure (type "NetworkError").
class AwsError : public std::runtime_error {
 public:
  AwsError(std::string type, std::string message, long http_status)
      : std::runtime_error(message), type_(std::move(type)), http_status_(http_status) {}
  const std::string& type() const { return type_; }
  long http_status() const { return http_status_; }

 private:
  std::string type_;
  long http_status_;
};

struct ClientOptions {
  // The service: DynamoDB by default (see cognito_user_pools() for the other one).
  std::string service = "dynamodb";
  std::string target_prefix = "DynamoDB_20120810.";
  std::string content_type = "application/x-amz-json-1.0";
  std::string endpoint;  // "http://localhost:8000"; empty: https://<service>.<region>.amazonaws.com
  std::string region;
  Credentials credentials;
  int max_attempts = 4;
  long connect_timeout_ms = 2000;
  long request_timeout_ms = 10000;
};

// The options for Cognito's user pools API in `region` (endpoint: "" for AWS).
ClientOptions cognito_user_pools(std::string region, std::string endpoint, Credentials credentials);

class JsonClient {
 public:
  explicit JsonClient(ClientOptions options);

  // Calls an operation ("ListTables", or a whole target such as
  // "DynamoDBStreams_20120810.GetRecords") with a JSON body; returns the JSON answer or throws
  // AwsError.
  std::string call(const std::string& operation, const std::string& body);

  const std::string& endpoint() const { return endpoint_; }

 private:
  net::HttpResponse call_once(const std::string& target, const std::string& body);

  ClientOptions options_;
  std::string endpoint_;
  std::string host_;
  net::HttpClient http_;
};

}  // namespace aws
