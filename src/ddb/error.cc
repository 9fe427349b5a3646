#include "ddb/error.h"

namespace ddb {

namespace {
constexpr const char* kCoralValidate = "com.amazon.coral.validate#";
constexpr const char* kCoralService = "com.amazon.coral.service#";
constexpr const char* kDynamoDB = "com.amazonaws.dynamodb.v20120810#";
}  // namespace

ApiError ApiError::validation(std::string message) {
  return ApiError(400, std::string(kCoralValidate) + "ValidationException", std::move(message));
}
ApiError ApiError::serialization(std::string message) {
  return ApiError(400, std::string(kCoralService) + "SerializationException", std::move(message));
}
ApiError ApiError::resource_not_found(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "ResourceNotFoundException", std::move(message));
}
ApiError ApiError::resource_in_use(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "ResourceInUseException", std::move(message));
}
ApiError ApiError::conditional_check_failed(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "ConditionalCheckFailedException",
                  std::move(message));
}
ApiError ApiError::transaction_conflict() {
  return ApiError(400, std::string(kDynamoDB) + "TransactionConflictException",
                  "Transaction is ongoing for the item");
}
ApiError ApiError::transaction_canceled(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "TransactionCanceledException", std::move(message));
}
ApiError ApiError::transaction_in_progress() {
  return ApiError(400, std::string(kDynamoDB) + "TransactionInProgressException",
                  "The transaction with the given request token is already in progress.");
}

ApiError ApiError::idempotent_parameter_mismatch() {
  return ApiError(400, std::string(kDynamoDB) + "IdempotentParameterMismatchException",
                  "The request uses the same client token as a previous, but non-identical "
                  "request.");
}
ApiError ApiError::unknown_operation() {
  return ApiError(400, std::string(kCoralService) + "UnknownOperationException", "");
}
ApiError ApiError::internal(std::string message) {
  return ApiError(500, std::string(kDynamoDB) + "InternalServerError", std::move(message));
}

}  // namespace ddb
