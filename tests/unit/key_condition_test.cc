#include "ddb/expr/key_condition.h"

#include <gtest/gtest.h>

#include "ddb/error.h"
#include "ddb/expr/resolve.h"

namespace ddb::expr {
namespace {

TableDef chat_table() {
  TableDef t;
  t.attribute_definitions = {{"pk", 'S'}, {"sk", 'S'}};
  t.key.hash = "pk";
  t.key.range = "sk";
  return t;
}

KeyCondition analyze(const std::string& text, AttributeRefs& refs) {
  TableDef table = chat_table();
  Node root = condition_expression(text, "KeyConditionExpression", refs);
  return analyze_key_condition(root, table.key, table, refs);
}

AttributeRefs refs_with(std::initializer_list<std::pair<const char*, const char*>> values) {
  AttributeRefs refs;
  for (auto [name, s] : values) refs.values.emplace(name, AttributeValue::string(s));
  refs.names = {{"#s", "sk"}};
  return refs;
}

std::string error_of(const std::string& text) {
  auto refs = refs_with({{":p", "x"}, {":a", "a"}, {":b", "b"}});
  try {
    analyze(text, refs);
  } catch (const ApiError& e) {
    return e.message();
  }
  return "no error";
}

// More conditions than the key has attributes are counted before anything else about the key,
// for a key of one attribute or of several (DynamoDB, eu-west-2, October 2026).
TEST(KeyConditionTest, MoreConditionsThanTheKeyHasAttributesAreCounted) {
  for (bool several : {false, true}) {
    TableDef table;
    table.attribute_definitions = {{"g1", 'S'}, {"g2", 'S'}};
    table.key.hash = "g1";
    if (several) table.key.more_hash = {"g2"};
    auto refs = refs_with({{":p", "x"}});
    refs.names.clear();
    std::string text = several ? "g1 = :p AND g2 = :p AND sk = :p" : "g1 = :p AND sk = :p";
    Node root = condition_expression(text, "KeyConditionExpression", refs);
    try {
      analyze_key_condition(root, table.key, table, refs);
      ADD_FAILURE() << text << " was accepted";
    } catch (const ApiError& e) {
      EXPECT_EQ(e.message(), several ? "The number of query conditions (3) exceeds the number of "
                                       "key attributes defined in the schema (2)"
                                     : "The number of query conditions (2) exceeds the number of "
                                       "key attributes defined in the schema (1)")
          << text;
    }
  }
}

TEST(KeyConditionTest, SeedQueryHasHashAndBeginsWith) {
  auto refs = refs_with({{":pk", "MSG#1"}, {":year", "2023"}});
  KeyCondition c = analyze("pk = :pk AND begins_with(sk,:year)", refs);
  EXPECT_EQ(c.hash.scalar, "MSG#1");
  ASSERT_TRUE(c.range.has_value());
  EXPECT_EQ(c.range->op, "begins_with");
  EXPECT_EQ(c.range->value.scalar, "2023");
  refs.names.clear();  // the helper's #s is not used by this expression
  refs.check_all_used();
}

TEST(KeyConditionTest, AcceptsParenthesesKeywordsInAnyCaseAndPlaceholders) {
  auto refs = refs_with({{":p", "x"}, {":a", "a"}, {":b", "b"}});
  KeyCondition c = analyze("(pk = :p) and (#s between :a AND :b)", refs);
  EXPECT_EQ(c.range->op, "BETWEEN");
  EXPECT_EQ(c.range->upper.scalar, "b");
}

TEST(KeyConditionTest, ReversedComparisonIsFlipped) {
  auto refs = refs_with({{":p", "x"}, {":a", "a"}});
  EXPECT_EQ(analyze("pk = :p AND :a < sk", refs).range->op, ">");
}

TEST(KeyConditionTest, Errors) {
  EXPECT_EQ(error_of("pk = :p AND sk <> :a"),
            "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: <>");
  EXPECT_EQ(error_of("NOT pk = :p"),
            "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: NOT");
  EXPECT_EQ(error_of("pk = :p AND contains(sk, :a)"),
            "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: "
            "contains");
  EXPECT_EQ(error_of("pk = :p AND foo(sk)"),
            "Invalid KeyConditionExpression: Invalid function name; function: foo");
  EXPECT_EQ(error_of("pk = :p AND pk = :a"),
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
            "condition per key");
  EXPECT_EQ(error_of("pk.x = :p"),
            "KeyConditionExpressions cannot have conditions on nested attributes");
  EXPECT_EQ(error_of("pk = = :p"),
            "Invalid KeyConditionExpression: Syntax error; token: \"=\", near: \"= = :p\"");
  EXPECT_EQ(error_of(""), "Invalid KeyConditionExpression: The expression can not be empty;");
  EXPECT_EQ(error_of("pk = :p AND #missing = :a"),
            "Invalid KeyConditionExpression: An expression attribute name used in the document "
            "path is not defined; attribute name: #missing");
}

TEST(ParserTest, DeepNestingDoesNotOverflowTheStack) {
  AttributeRefs refs = refs_with({{":p", "x"}});
  std::string text(100000, '(');
  EXPECT_THROW(condition_expression(text, "ConditionExpression", refs), ApiError);
}

}  // namespace
}  // namespace ddb::expr
