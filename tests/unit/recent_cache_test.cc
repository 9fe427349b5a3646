#include "common/recent_cache.h"

#include <gtest/gtest.h>

#include <string>

#include "ddb/error.h"
#include "ddb/expr/parser.h"
#include "ddb/expr/resolve.h"

namespace {

TEST(RecentCache, KeepsTheLastFewTextsAndDropsTheLeastRecentlyUsed) {
  common::RecentCache<int> cache(2);
  EXPECT_EQ(cache.find("a"), nullptr);
  cache.put("a", 1);
  cache.put("b", 2);
  ASSERT_NE(cache.find("a"), nullptr);  // "a" is now the most recently used
  cache.put("c", 3);                    // so "b" goes
  EXPECT_EQ(cache.find("b"), nullptr);
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(*cache.find("a"), 1);
  EXPECT_EQ(*cache.find("c"), 3);
  EXPECT_EQ(cache.find("ab"), nullptr);  // whole texts, not prefixes
}

// The parser keeps the trees of the texts it read last; each caller gets a copy of its own, so
// resolving one (which writes attribute names over #name placeholders) cannot reach the next.
TEST(ExpressionTrees, AKeptTreeIsResolvedAgainstEachRequestsOwnNames) {
  std::string text = "#k = :v AND begins_with(#s, :p)";
  ddb::expr::AttributeRefs first, second;
  first.names = {{"#k", "pk"}, {"#s", "sk"}};
  second.names = {{"#k", "id"}, {"#s", "at"}};
  for (auto* refs : {&first, &second}) {
    refs->values.emplace(":v", ddb::AttributeValue::string("x"));
    refs->values.emplace(":p", ddb::AttributeValue::string("y"));
  }
  ddb::expr::Node a = ddb::expr::condition_expression(text, "KeyConditionExpression", first);
  ddb::expr::Node b = ddb::expr::condition_expression(text, "KeyConditionExpression", second);
  EXPECT_EQ(a.children[0].children[0].path.text(), "pk");
  EXPECT_EQ(b.children[0].children[0].path.text(), "id");
  EXPECT_EQ(b.children[1].children[0].path.text(), "at");
  // The syntax tree itself still holds the placeholders.
  ddb::expr::Node parsed = ddb::expr::parse_condition(text, "KeyConditionExpression");
  EXPECT_TRUE(parsed.children[0].children[0].path.elements[0].placeholder);
  EXPECT_EQ(parsed.children[0].children[0].path.text(), "#k");
}

TEST(ExpressionTrees, AnExpressionThatDoesNotParseIsRefusedEveryTime) {
  for (int i = 0; i < 2; ++i) {
    try {
      ddb::expr::parse_condition("a = = :v", "ConditionExpression");
      FAIL() << "parsed";
    } catch (const ddb::ApiError& e) {
      EXPECT_EQ(e.message(),
                "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
    }
  }
}

TEST(ExpressionTrees, OneTextGivesTheSameTreeFromTheParserAndFromWhatItKept) {
  // More distinct texts than are kept: the first is read again after it was dropped.
  std::string first = "SET a = :a, b = list_append(b, :l) REMOVE c[2] ADD d :d";
  auto describe = [](const std::vector<ddb::expr::UpdateAction>& actions) {
    std::string out;
    for (const auto& a : actions) {
      out += std::to_string(static_cast<int>(a.kind)) + a.path.describe() + a.value.op +
             std::to_string(a.value.children.size()) + ";";
    }
    return out;
  };
  std::string fresh = describe(ddb::expr::parse_update(first));
  EXPECT_EQ(describe(ddb::expr::parse_update(first)), fresh);  // kept
  for (int i = 0; i < 20; ++i) ddb::expr::parse_update("SET x" + std::to_string(i) + " = :v");
  EXPECT_EQ(describe(ddb::expr::parse_update(first)), fresh);  // read again
  EXPECT_EQ(fresh, "0[a]0;0[b]list_append2;1[c, [2]]0;2[d]0;");
}

}  // namespace
