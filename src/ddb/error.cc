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

bool ApiError::is_validation() const {
  return type_ == std::string(kCoralValidate) + "ValidationException";
}

ApiError ApiError::request_validation(std::string message) {
  ApiError e = validation(std::move(message));
  e.request_validation_ = true;
  return e;
}

ApiError ApiError::serialization(std::string message) {
  return ApiError(400, std::string(kCoralService) + "SerializationException", std::move(message));
}
ApiError ApiError::unknown_operation() {
  return ApiError(400, std::string(kCoralService) + "UnknownOperationException", "");
}
ApiError ApiError::request_entity_too_large() {
  return ApiError(413, std::string(kCoralService) + "RequestEntityTooLargeException",
                  "Request entity too large: the limit is 16 MB");
}
ApiError ApiError::missing_authentication_token() {
  return ApiError(400, std::string(kCoralService) + "MissingAuthenticationTokenException",
                  "Request is missing Authentication Token");
}
ApiError ApiError::incomplete_signature(std::string message) {
  return ApiError(400, std::string(kCoralService) + "IncompleteSignatureException",
                  std::move(message));
}
ApiError ApiError::unrecognized_client(std::string message) {
  return ApiError(400, std::string(kCoralService) + "UnrecognizedClientException",
                  std::move(message));
}
ApiError ApiError::invalid_signature(std::string message) {
  return ApiError(400, std::string(kCoralService) + "InvalidSignatureException",
                  std::move(message));
}

ApiError ApiError::access_denied(std::string message) {
  return ApiError(400, std::string(kCoralService) + "AccessDeniedException", std::move(message));
}
ApiError ApiError::resource_not_found(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "ResourceNotFoundException", std::move(message));
}
ApiError ApiError::resource_in_use(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "ResourceInUseException", std::move(message));
}
ApiError ApiError::table_not_found(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "TableNotFoundException", std::move(message));
}
ApiError ApiError::limit_exceeded(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "LimitExceededException", std::move(message));
}
ApiError ApiError::duplicate_item(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "DuplicateItemException", std::move(message));
}
ApiError ApiError::conditional_check_failed(std::optional<Item> item) {
  ApiError error(400, std::string(kDynamoDB) + "ConditionalCheckFailedException",
                 "The conditional request failed");
  error.item_ = std::move(item);
  return error;
}
ApiError ApiError::transaction_conflict() {
  return ApiError(400, std::string(kDynamoDB) + "TransactionConflictException",
                  "Transaction is ongoing for the item");
}
ApiError ApiError::transaction_canceled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (const auto& reason : reasons) codes += (codes.empty() ? "" : ", ") + reason.code;
  ApiError error(400, std::string(kDynamoDB) + "TransactionCanceledException",
                 "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                     codes + "]");
  error.reasons_ = std::move(reasons);
  return error;
}
ApiError ApiError::idempotent_parameter_mismatch() {
  return ApiError(400, std::string(kDynamoDB) + "IdempotentParameterMismatchException",
                  "The request uses the same client token as a previous, but non-identical "
                  "request.");
}
ApiError ApiError::transaction_in_progress() {
  return ApiError(400, std::string(kDynamoDB) + "TransactionInProgressException",
                  "The transaction with the given request token is already in progress.");
}
ApiError ApiError::expired_iterator(std::string message) {
  return ApiError(400, std::string(kDynamoDB) + "ExpiredIteratorException", std::move(message));
}
ApiError ApiError::trimmed_data_access() {
  return ApiError(400, std::string(kDynamoDB) + "TrimmedDataAccessException",
                  "The operation attempted to read past the oldest stream record in a shard.");
}
ApiError ApiError::internal(std::string message) {
  return ApiError(500, std::string(kDynamoDB) + "InternalServerError", std::move(message));
}

}  // namespace ddb
