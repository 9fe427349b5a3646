// The DynamoDB front in process: requests through dispatch() on an in-memory engine, no sockets.
// Pins the error types and messages DynamoDB answers with, and the members some errors carry.
#include "ddb/server/dispatch.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <zlib.h>

#include <set>
#include <string>

#include "ddb/storage/engine.h"
#include "net/http_server.h"

namespace ddb {
namespace {

class DispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.in_memory = true;
    engine_ = Engine::open(options);
    ASSERT_EQ(call("CreateTable", R"({"TableName":"chat",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
        "BillingMode":"PAY_PER_REQUEST"})")
                  .status,
              200);
  }

  net::HttpReply call(const std::string& operation, const std::string& body) {
    std::string target = "DynamoDB_20120810." + operation;
    net::HttpRequestView request;
    request.method = "POST";
    request.path = "/";
    request.body = body;
    request.wanted[0] = target;  // X-Amz-Target, as configure_front asks the listener for it
    return dispatch(*engine_, request);
  }

  // The error body's __type and message.
  static std::pair<std::string, std::string> error_of(const net::HttpReply& reply) {
    simdjson::dom::parser parser;
    simdjson::dom::element body = parser.parse(reply.body);
    std::string_view type, message;
    if (body["__type"].get(type)) type = "";
    if (body["message"].get(message)) message = "";
    return {std::string(type), std::string(message)};
  }

  std::unique_ptr<Engine> engine_;
};

TEST_F(DispatchTest, AnUnknownOperationIsUnknownOperationException) {
  net::HttpReply reply = call("FlyToTheMoon", "{}");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(error_of(reply).first, "com.amazon.coral.service#UnknownOperationException");
  EXPECT_EQ(reply.body.find("message"), std::string::npos);
}

TEST_F(DispatchTest, ABodyThatIsNotAJsonObjectIsASerializationException) {
  net::HttpReply reply = call("ListTables", "[1, 2");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(error_of(reply),
            (std::pair<std::string, std::string>{"com.amazon.coral.service#SerializationException",
                                                 "The request body is not a valid JSON object"}));
}

TEST_F(DispatchTest, AMissingRequiredMemberIsNamedByItsModelPath) {
  net::HttpReply reply = call("GetItem", R"({"TableName":"chat"})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(error_of(reply),
            (std::pair<std::string, std::string>{
                "com.amazon.coral.validate#ValidationException",
                "1 validation error detected: Value null at 'key' failed to satisfy constraint: "
                "Member must not be null"}));
}

TEST_F(DispatchTest, AMissingTableIsResourceNotFound) {
  net::HttpReply reply = call("PutItem", R"({"TableName":"nope","Item":{"pk":{"S":"a"}}})");
  EXPECT_EQ(error_of(reply), (std::pair<std::string, std::string>{
                                 "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                                 "Requested resource not found"}));
}

TEST_F(DispatchTest, AnUpdateOfAKeyAttributeIsRefused) {
  net::HttpReply reply = call("UpdateItem", R"({"TableName":"chat","Key":{"pk":{"S":"a"}},
      "UpdateExpression":"SET pk = :v","ExpressionAttributeValues":{":v":{"S":"b"}}})");
  EXPECT_EQ(error_of(reply).second,
            "One or more parameter values were invalid: Cannot update attribute pk. This "
            "attribute is part of the key");
}

TEST_F(DispatchTest, TooManyBatchWritesAreRefusedBeforeAnyIsWritten) {
  std::string puts;
  for (int i = 0; i < 26; ++i) {
    puts += std::string(i ? "," : "") + R"({"PutRequest":{"Item":{"pk":{"S":"k)" +
            std::to_string(i) + R"("}}}})";
  }
  net::HttpReply reply = call("BatchWriteItem", R"({"RequestItems":{"chat":[)" + puts + "]}}");
  // The model stage refuses it, reported at the map as DynamoDB does.
  EXPECT_EQ(error_of(reply).second.rfind(
                "1 validation error detected: Value '{chat=[WriteRequest(putRequest=PutRequest("
                "item={pk=AttributeValue(s=k0, n=null, ",
                0),
            0u);
  EXPECT_NE(error_of(reply).second.find(
                "}' at 'requestItems' failed to satisfy constraint: Map value must satisfy "
                "constraint: [Member must have length less than or equal to 25, Member must have "
                "length greater than or equal to 1]"),
            std::string::npos);
  EXPECT_EQ(call("Scan", R"({"TableName":"chat","Select":"COUNT"})").body.find("\"Count\":0"), 1u);
}

TEST_F(DispatchTest, AFailedConditionCarriesTheItemWhenAskedTo) {
  ASSERT_EQ(call("PutItem", R"({"TableName":"chat","Item":{"pk":{"S":"a"},"n":{"N":"1"}}})").status,
            200);
  net::HttpReply reply = call("PutItem", R"json({"TableName":"chat","Item":{"pk":{"S":"a"}},
      "ConditionExpression":"attribute_not_exists(pk)",
      "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})json");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body,
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
            R"("message":"The conditional request failed","Item":{"n":{"N":"1"},"pk":{"S":"a"}}})");
}

TEST_F(DispatchTest, ACancelledTransactionListsAReasonPerAction) {
  ASSERT_EQ(call("PutItem", R"({"TableName":"chat","Item":{"pk":{"S":"a"}}})").status, 200);
  net::HttpReply reply = call("TransactWriteItems", R"json({"TransactItems":[
      {"Put":{"TableName":"chat","Item":{"pk":{"S":"b"}}}},
      {"ConditionCheck":{"TableName":"chat","Key":{"pk":{"S":"a"}},
                         "ConditionExpression":"attribute_not_exists(pk)",
                         "ReturnValuesOnConditionCheckFailure":"ALL_OLD"
}
}]
})");
  EXPECT_EQ(reply.body,
            R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
            R"("message":"Transaction cancelled, please refer cancellation reasons for specific )"
            R"(reasons [None, ConditionalCheckFailed]","CancellationReasons":[{"Code":"None"},)"
            R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed",)"
            R"("Item":{"pk":{"S":"a"}}}]})json");
  // Nothing of the transaction was written.
  EXPECT_EQ(call("GetItem", R"({"TableName":"chat","Key":{"pk":{"S":"b"}}})").body, "{}");
}

TEST_F(DispatchTest, TheFrontAddsARequestIdAndTheBodysCrc32) {
  net::ServerOptions options;
  configure_front(options);
  EXPECT_EQ(options.wanted_headers, (std::vector<std::string>{"X-Amz-Target", "Content-Encoding"}));
  net::HttpReply reply = call("ListTables", "{}");
  std::string head;
  options.add_headers(reply, head);
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(reply.body.data()),
                    static_cast<uInt>(reply.body.size()));
  ASSERT_EQ(head.rfind("x-amzn-RequestId: ", 0), 0u);
  size_t id_end = head.find("\r\n");
  EXPECT_EQ(id_end - std::string("x-amzn-RequestId: ").size(), 52u);
  EXPECT_EQ(head.substr(id_end + 2), "x-amz-crc32: " + std::to_string(crc) + "\r\n");
  net::HttpReply too_large = options.body_too_large();
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(error_of(too_large).first, "com.amazon.coral.service#RequestEntityTooLargeException");
}

TEST_F(DispatchTest, RequestIdsAreFiftyTwoLettersAndDigitsEachNewAndAllThirtySixUsed) {
  net::ServerOptions options;
  configure_front(options);
  net::HttpReply reply = call("ListTables", "{}");
  std::set<std::string> ids;
  std::set<char> used;
  for (int i = 0; i < 200; ++i) {
    std::string head;
    options.add_headers(reply, head);
    std::string id = head.substr(std::string("x-amzn-RequestId: ").size(), 52);
    for (char c : id) {
      ASSERT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) << id;
      used.insert(c);
    }
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_EQ(used.size(), 36u);
}

}  // namespace
}  // namespace ddb
