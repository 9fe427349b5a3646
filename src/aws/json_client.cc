#include "aws/json_client.h"

#include <chrono>
#include <ctime>
#include <random>
#include <thread>

#include "aws/sigv4.h"

namespace aws {

namespace {

std::string amz_date_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// The value of a JSON string member, found by its name; enough for error bodies.
std::string json_member(const std::string& json, const std::string& name) {
  std::string needle = "\"" + name + "\"";
  size_t at = json.find(needle);
  if (at == std::string::npos) return "";
  at = json.find('"', json.find(':', at + needle.size()) + 1);
  if (at == std::string::npos) return "";
  std::string out;
  for (size_t i = at + 1; i < json.size() && json[i] != '"'; ++i) {
    if (json[i] == '\\' && i + 1 < json.size()) ++i;
    out.push_back(json[i]);
  }
  return out;
}

bool retryable(const std::string& type, long status) {
  if (type == "NotDynamoDB") return false;
  return status >= 500 || type == "ThrottlingException" ||
         type == "ProvisionedThroughputExceededException" || type == "RequestLimitExceeded" ||
         type == "NetworkError" || type == "TransactionInProgressException";
}

}  // namespace

ClientOptions cognito_user_pools(std::string region, std::string endpoint,
                                 Credentials credentials) {
  ClientOptions options;
  options.service = "cognito-idp";
  options.target_prefix = "AWSCognitoIdentityProviderService.";
  options.content_type = "application/x-amz-json-1.1";
  options.endpoint = std::move(endpoint);
  options.region = std::move(region);
  options.credentials = std::move(credentials);
  return options;
}

JsonClient::JsonClient(ClientOptions options) : options_(std::move(options)) {
  endpoint_ = options_.endpoint.empty()
                  ? "https://" + options_.service + "." + options_.region + ".amazonaws.com"
                  : options_.endpoint;
  while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
  size_t scheme = endpoint_.find("://");
  host_ = scheme == std::string::npos ? endpoint_ : endpoint_.substr(scheme + 3);
  host_ = host_.substr(0, host_.find('/'));
}

std::string JsonClient::call(const std::string& operation, const std::string& body) {
  std::string target =
      operation.find('.') == std::string::npos ? options_.target_prefix + operation : operation;
  thread_local std::mt19937_64 random(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    long status = 0;
    std::string answer;
    std::string type, message;
    try {
      net::HttpResponse response = call_once(target, body);
      status = response.status;
      answer = std::move(response.body);
      size_t first = answer.find_first_not_of(" \t\r\n");
      bool json_object = first != std::string::npos && answer[first] == '{';
      if (status == 200 && json_object) return answer;
      std::string full_type = json_member(answer, "__type");
      type = full_type.substr(full_type.find('#') + 1);
      message = json_member(answer, "message");
      if (message.empty()) message = json_member(answer, "Message");
      // Something else answers there (a web server, another API): say so rather than pass on
      // its page. A 5xx without a type stays retryable: a proxy in front of DynamoDB may send it.
      if (type.empty() && (status < 500 || status == 501)) {
        throw AwsError(
            "NotDynamoDB",
            endpoint_ + " is not a DynamoDB endpoint: it answered HTTP " + std::to_string(status) +
                (json_object ? "" : " with a body that is not JSON") + " to a DynamoDB request",
            status);
      }
      if (type.empty()) type = "HttpError" + std::to_string(status);
    } catch (const AwsError& e) {
      type = e.type();
      message = e.what();
    }
    if (attempt >= options_.max_attempts || !retryable(type, status)) {
      throw AwsError(type, message, status);
    }
    // Full jitter: a random wait up to base * 2^attempt, capped.
    long cap = std::min<long>(2000, 25L << attempt);
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % (cap + 1)));
  }
}

net::HttpResponse JsonClient::call_once(const std::string& target, const std::string& body) {
  std::string amz_date = amz_date_now();
  HttpMessage message;
  message.method = "POST";
  message.path = "/";
  message.payload = body;
  message.headers = {{"host", host_},
                     {"content-type", options_.content_type},
                     {"x-amz-date", amz_date},
                     {"x-amz-target", target}};
  if (!options_.credentials.session_token.empty()) {
    message.headers.emplace_back("x-amz-security-token", options_.credentials.session_token);
  }
  std::vector<std::string> signed_headers;
  for (const auto& [name, _] : message.headers) signed_headers.push_back(name);
  const std::string& service = options_.service;  // Streams API calls sign as dynamodb too
  std::string signature = aws::signature(message, signed_headers, options_.credentials.secret_key,
                                         amz_date, options_.region, service);
  std::string names;
  for (size_t i = 0; i < signed_headers.size(); ++i) names += (i ? ";" : "") + signed_headers[i];
  std::string authorization = "AWS4-HMAC-SHA256 Credential=" + options_.credentials.access_key +
                              "/" + amz_date.substr(0, 8) + "/" + options_.region + "/" + service +
                              "/aws4_request, SignedHeaders=" + names + ", Signature=" + signature;

  net::HttpRequest request;
  request.method = "POST";
  request.url = endpoint_ + "/";
  for (const auto& [name, value] : message.headers) {
    if (name == "host") continue;  // libcurl writes Host from the URL
    request.headers.emplace_back(name, value);
  }
  request.headers.emplace_back("authorization", authorization);
  request.body = body;
  request.connect_timeout_ms = options_.connect_timeout_ms;
  request.timeout_ms = options_.request_timeout_ms;
  try {
    return http_.send(request);
  } catch (const net::HttpError& e) {
    throw AwsError("NetworkError", "cannot reach " + endpoint_ + ": " + e.what(), 0);
  }
}

}  // namespace aws
