#include "ddb/expr/update.h"

#include <gtest/gtest.h>

#include "ddb/error.h"
#include "ddb/expr/evaluator.h"
#include "ddb/expr/resolve.h"

namespace ddb::expr {
namespace {

AttributeValue list_of(std::initializer_list<const char*> strings) {
  AttributeValue l;
  l.type = ValueType::L;
  for (const char* s : strings) l.list.push_back(AttributeValue::string(s));
  return l;
}

TEST(UpdateTest, RemovingListElementsUsesTheOriginalIndexes) {
  AttributeRefs refs;
  Item item;
  item.emplace("l", list_of({"0", "1", "2", "3"}));
  auto actions = update_expression("REMOVE l[1], l[3]", refs);
  Item out = apply_update(actions, item, refs);
  EXPECT_EQ(out.at("l"), list_of({"0", "2"}));
}

TEST(UpdateTest, SetPastTheEndOfAListAppends) {
  AttributeRefs refs;
  refs.values.emplace(":v", AttributeValue::string("x"));
  Item item;
  item.emplace("l", list_of({"a"}));
  auto actions = update_expression("SET l[10] = :v", refs);
  EXPECT_EQ(apply_update(actions, item, refs).at("l"), list_of({"a", "x"}));
}

TEST(UpdateTest, OverlappingAndConflictingPathsAreRefused) {
  AttributeRefs refs;
  refs.values.emplace(":v", AttributeValue::string("x"));
  try {
    update_expression("SET a.b = :v, a[0] = :v", refs);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.message(),
              "Invalid UpdateExpression: Two document paths conflict with each other; must remove "
              "or rewrite one of these paths; path one: [a, b], path two: [a, [0]]");
  }
}

TEST(EvaluatorTest, ComparisonsFollowDynamoDBTypes) {
  AttributeRefs refs;
  refs.values.emplace(":n", AttributeValue::number("10"));
  refs.values.emplace(":s", AttributeValue::string("10"));
  Item item;
  item.emplace("n", AttributeValue::number("9"));
  auto holds = [&](const char* text) {
    return evaluate_condition(condition_expression(text, "ConditionExpression", refs), item, refs);
  };
  EXPECT_TRUE(holds("n < :n"));   // numeric, not textual
  EXPECT_FALSE(holds("n < :s"));  // other type: false
  EXPECT_TRUE(holds("n <> :s"));  // other type: not equal
  EXPECT_TRUE(holds("nothing <> :n"));
  EXPECT_FALSE(holds("nothing < :n"));
}

}  // namespace
}  // namespace ddb::expr
