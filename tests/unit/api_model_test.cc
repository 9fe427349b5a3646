// The model stage (ddb/ops/api_model.h) against the generated tables: each kind of constraint,
// the paths and echoes DynamoDB reports, and what this stage leaves to the operations.
#include "ddb/ops/api_model.h"

#include <gtest/gtest.h>

#include <string>

#include "ddb/error.h"

namespace ddb {
namespace {

// The message of the ValidationException for `json` sent to `operation`, or "" when it passes.
std::string violations(const std::string& operation, const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element body = parser.parse(json);
  try {
    validate_input(operation, body);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), "com.amazon.coral.validate#ValidationException");
    return e.message();
  }
  return "";
}

TEST(ApiModelTest, ARequiredMemberMissingOrNullIsNamed) {
  EXPECT_EQ(violations("GetItem", R"({"Key":{}})"),
            "1 validation error detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null");
  EXPECT_EQ(violations("GetItem", R"({"TableName":null,"Key":{}})"),
            "1 validation error detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(ApiModelTest, StringLengthsAreCheckedWithTheValueEchoed) {
  // A data-plane table name is a name or an ARN, 1 to 1024 characters, at this stage.
  EXPECT_EQ(violations("GetItem", R"({"TableName":"","Key":{}})"),
            "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1");
  EXPECT_EQ(violations("GetItem", R"({"TableName":"ab","Key":{}})"), "");
  // CreateTable keeps the name rules: a pattern, then 3 to 255 characters.
  EXPECT_EQ(violations("CreateTable",
                       R"({"TableName":"a!","AttributeDefinitions":[],"KeySchema":[
                           {"AttributeName":"pk","KeyType":"HASH"}]})"),
            "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
            "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length "
            "greater than or equal to 3");
}

TEST(ApiModelTest, EnumsListTheirValuesInDynamoDBsOrder) {
  EXPECT_EQ(violations("Scan", R"({"TableName":"t","Select":"count"})"),
            "1 validation error detected: Value 'count' at 'select' failed to satisfy "
            "constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
            "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
}

TEST(ApiModelTest, EveryViolationIsReportedInModelOrder) {
  EXPECT_EQ(violations("PutItem", R"({"TableName":"t","Item":{},"ReturnValues":"X",
                                      "ReturnConsumedCapacity":"Y"})"),
            "2 validation errors detected: Value 'X' at 'returnValues' failed to satisfy "
            "constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, "
            "NONE, UPDATED_NEW]; Value 'Y' at 'returnConsumedCapacity' failed to satisfy "
            "constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
}

TEST(ApiModelTest, NumberRanges) {
  EXPECT_EQ(violations("Scan", R"({"TableName":"t","Segment":-1,"TotalSegments":1000001})"),
            "2 validation errors detected: Value '1000001' at 'totalSegments' failed to "
            "satisfy constraint: Member must have value less than or equal to 1000000; Value "
            "'-1' at 'segment' failed to satisfy constraint: Member must have value greater "
            "than or equal to 0");
}

TEST(ApiModelTest, ListMembersArePathedIndexFirstAndEchoedAsJavaObjects) {
  EXPECT_EQ(violations("CreateTable",
                       R"({"TableName":"tbl","AttributeDefinitions":[],"KeySchema":[
                           {"AttributeName":"pk","KeyType":"HASH"},
                           {"AttributeName":"sk","KeyType":"SORT"}]})"),
            "1 validation error detected: Value 'SORT' at 'keySchema.2.member.keyType' failed "
            "to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]");
  EXPECT_EQ(violations("CreateTable",
                       R"({"TableName":"tbl","AttributeDefinitions":[],"KeySchema":[
                           {"AttributeName":"a","KeyType":"HASH"},
                           {"AttributeName":"b","KeyType":"RANGE"},
                           {"AttributeName":"c","KeyType":"RANGE"}]})"),
            "1 validation error detected: Value '[KeySchemaElement(attributeName=a, "
            "keyType=HASH), KeySchemaElement(attributeName=b, keyType=RANGE), "
            "KeySchemaElement(attributeName=c, keyType=RANGE)]' at 'keySchema' failed to "
            "satisfy constraint: Member must have length less than or equal to 2");
}

TEST(ApiModelTest, MapValuesAreCheckedAtTheMapOrPathedThroughTheKey) {
  std::string writes;
  for (int i = 0; i < 26; ++i) {
    writes += std::string(i ? "," : "") + R"({"DeleteRequest":{"Key":{"k":{"N":"1"}}}})";
  }
  std::string message = violations("BatchWriteItem", R"({"RequestItems":{"t":[)" + writes + "]}}");
  EXPECT_EQ(message.rfind("1 validation error detected: Value '{t=[WriteRequest(putRequest=null, "
                          "deleteRequest=DeleteRequest(key={k=AttributeValue(s=null, n=1, b=null, "
                          "sS=null, nS=null, bS=null, m=null, l=null, nULL=null, bOOL=null)})), ",
                          0),
            0u);
  EXPECT_NE(message.find("' at 'requestItems' failed to satisfy constraint: Map value must "
                         "satisfy constraint: [Member must have length less than or equal to 25, "
                         "Member must have length greater than or equal to 1]"),
            std::string::npos);
  // Within bounds, the walk goes on into each request.
  EXPECT_EQ(violations("BatchWriteItem", R"({"RequestItems":{"t":[{"DeleteRequest":{}}]}})"),
            "1 validation error detected: Value null at "
            "'requestItems.t.member.1.member.deleteRequest.key' failed to satisfy constraint: "
            "Member must not be null");
}

TEST(ApiModelTest, BatchGetItemTableNamesAreMapKeysCheckedAsTableNames) {
  const std::string keys =
      "Map keys must satisfy constraint: [Member must have length less than or equal to 255, "
      "Member must have length greater than or equal to 3, Member must satisfy regular "
      "expression pattern: [a-zA-Z0-9_.-]+]";
  for (const char* name : {"bad!name", "ab", "arn:aws:dynamodb:us-east-1:1:table/t"}) {
    std::string map = std::string(R"({")") + name + R"(":{"Keys":[{"k":{"S":"a"}}]}})";
    EXPECT_EQ(violations("BatchGetItem", R"({"RequestItems":)" + map + "}"),
              "1 validation error detected: Value '" + map +
                  "' at 'requestItems' failed to satisfy constraint: " + keys)
        << name;
  }
  EXPECT_EQ(violations("BatchGetItem", R"({"RequestItems":{"abc":{"Keys":[{"k":{"S":"a"}}]}}})"),
            "");
  // BatchWriteItem's are the operation's to check (batch.cc).
  EXPECT_EQ(violations("BatchWriteItem",
                       R"({"RequestItems":{"ab":[{"PutRequest":{"Item":{"k":{"S":"a"}}}}]}})"),
            "");
}

TEST(ApiModelTest, TheNewerFormNamesTheMemberAsTheModelDoesWithoutTheValue) {
  EXPECT_EQ(violations("Query", R"({"TableName":"t","Limit":0})"),
            "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member "
            "must have value greater than or equal to 1");
  EXPECT_EQ(violations("BatchGetItem", R"({"RequestItems":{"tbl":{"Keys":[]}}})"),
            "1 validation error detected: Value at 'RequestItems.tbl.member.Keys' failed to "
            "satisfy constraint: Member must have length greater than or equal to 1");
}

TEST(ApiModelTest, WhatThisStageLeavesToTheOperations) {
  // Wrong JSON types are the readers' SerializationException; attribute values are the codec's.
  EXPECT_EQ(violations("GetItem", R"({"TableName":5,"Key":{"a":{"S":""}}})"), "");
  EXPECT_EQ(violations("Scan", R"({"TableName":"t","Limit":"0"})"), "");
  // A missing CreateTable TableName or BatchGetItem RequestItems has its own message there.
  EXPECT_EQ(violations("BatchGetItem", "{}"), "");
  // An operation the model does not know.
  EXPECT_EQ(violations("NoSuchOperation", R"({"TableName":""})"), "");
}

TEST(ApiModelTest, TheStreamsModelToo) {
  EXPECT_EQ(violations("GetRecords", R"({"ShardIterator":"x","Limit":0})"),
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1");
}

}  // namespace
}  // namespace ddb
