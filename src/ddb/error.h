// ApiError: the one error type of the engine. An operation throws it; the server turns it into
// DynamoDB's error response (HTTP status, `__type`, `message`). Factories carry DynamoDB's names.
#pragma once

#include <stdexcept>
#include <string>

namespace ddb {

class ApiError : public std::runtime_error {
 public:
  ApiError(int http_status, std::string type, std::string message)
      : std::runtime_error(message), http_status_(http_status), type_(std::move(type)) {}

  int http_status() const { return http_status_; }
  // The full `__type`, e.g. "com.amazon.coral.validate#ValidationException".
  const std::string& type() const { return type_; }
  std::string message() const { return what(); }
  // Further members of the error body, already JSON ("\"Item\":{...}"), or empty.
  const std::string& extra_members() const { return extra_members_; }
  ApiError& with_extra_members(std::string json) {
    extra_members_ = std::move(json);
    return *this;
  }

  static ApiError validation(std::string message);
  static ApiError serialization(std::string message);
  static ApiError resource_not_found(std::string message = "Requested resource not found");
  static ApiError resource_in_use(std::string message);
  static ApiError conditional_check_failed(std::string message = "The conditional request failed");
  static ApiError transaction_conflict();
  static ApiError transaction_canceled(std::string message);
  static ApiError idempotent_parameter_mismatch();
  static ApiError transaction_in_progress();
  static ApiError unknown_operation();
  static ApiError internal(std::string message);

 private:
  int http_status_;
  std::string type_;
  std::string extra_members_;
};

}  // namespace ddb
