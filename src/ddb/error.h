// ApiError: the one error type of the engine. An operation throws it; the server turns it into
// DynamoDB's error response (HTTP status, `__type`, `message`, and the members some errors
// carry). Every error type DynamoDB answers with has a factory named for it.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ddb/value/attribute_value.h"

namespace ddb {

// One entry of a TransactionCanceledException's CancellationReasons, in the order of the
// request's TransactItems.
struct CancellationReason {
  std::string code = "None";
  std::string message;       // omitted when empty
  std::optional<Item> item;  // ReturnValuesOnConditionCheckFailure: ALL_OLD
};

class ApiError : public std::runtime_error {
 public:
  int http_status() const { return http_status_; }
  // The full `__type`, e.g. "com.amazon.coral.validate#ValidationException".
  const std::string& type() const { return type_; }
  std::string message() const { return what(); }
  // ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure ALL_OLD: the item
  // that failed the condition.
  const std::optional<Item>& item() const { return item_; }
  // TransactionCanceledException: one reason per action (empty for other errors).
  const std::vector<CancellationReason>& cancellation_reasons() const { return reasons_; }

  // --- com.amazon.coral.validate ---
  static ApiError validation(std::string message);
  // A ValidationException of the request's own checks: its expressions and their attribute maps,
  // legacy conditions, ReturnValues. PutItem, UpdateItem and DeleteItem answer these inside the
  // model stage's envelope, "1 validation error detected: <message>" (operations.cc); the other
  // operations bare. As DynamoDB answers (eu-west-2 and us-east-1, 2026-10-09, as
  // paritysuite/dynamodb-conformance's "request validation envelope" tests record it).
  static ApiError request_validation(std::string message);
  bool is_request_validation() const { return request_validation_; }
  bool is_validation() const;
  // --- com.amazon.coral.service ---
  static ApiError serialization(std::string message);
  static ApiError unknown_operation();
  static ApiError request_entity_too_large();
  static ApiError missing_authentication_token();
  static ApiError incomplete_signature(std::string message);
  static ApiError unrecognized_client(std::string message);
  static ApiError invalid_signature(std::string message);
  // --- com.amazonaws.dynamodb.v20120810 ---
  static ApiError access_denied(std::string message);
  static ApiError resource_not_found(std::string message = "Requested resource not found");
  static ApiError resource_in_use(std::string message);
  static ApiError table_not_found(std::string message);
  static ApiError limit_exceeded(std::string message);
  // PartiQL's INSERT of a key that is taken.
  static ApiError duplicate_item(std::string message);
  static ApiError conditional_check_failed(std::optional<Item> item = std::nullopt);
  static ApiError transaction_conflict();
  // The message lists every reason's code: "... [None, ConditionalCheckFailed]".
  static ApiError transaction_canceled(std::vector<CancellationReason> reasons);
  static ApiError idempotent_parameter_mismatch();
  static ApiError transaction_in_progress();
  static ApiError expired_iterator(std::string message);
  static ApiError trimmed_data_access();
  static ApiError internal(std::string message);

 private:
  ApiError(int http_status, std::string type, std::string message)
      : std::runtime_error(message), http_status_(http_status), type_(std::move(type)) {}

  int http_status_;
  std::string type_;
  std::optional<Item> item_;
  std::vector<CancellationReason> reasons_;
  bool request_validation_ = false;
};

}  // namespace ddb
