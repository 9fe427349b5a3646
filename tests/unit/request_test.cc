// ddb::Request's parameter lookups, which read the body's field names once when it is made.
#include "ddb/ops/request.h"

#include <gtest/gtest.h>

#include <string>

namespace ddb {
namespace {

TEST(RequestTest, FindsEachParameterAsSimdjsonFindsItInTheBody) {
  // More fields than the request indexes: the later ones are still found.
  std::string json = R"({"TableName":"t","Limit":null,"Limit":3,)";
  for (int i = 0; i < 40; ++i) json += "\"P" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  json += R"("Last":"x"})";
  simdjson::dom::parser parser;
  simdjson::dom::object body = parser.parse(json).get_object();
  RequestContext context;
  Request request(body, context);
  EXPECT_EQ(request.string("TableName"), "t");
  EXPECT_FALSE(request.has("Limit"));  // the first of a repeated name, null: absent
  EXPECT_FALSE(request.has("Table"));  // whole names only
  EXPECT_FALSE(request.has("TableNameX"));
  for (int i : {0, 20, 21, 39}) EXPECT_EQ(request.integer("P" + std::to_string(i)), i);
  EXPECT_EQ(request.string("Last"), "x");
  EXPECT_FALSE(request.has("P40"));
  for (std::string_view name : {"TableName", "Limit", "P3", "P30", "Last", "Nope"}) {
    simdjson::dom::element e;
    bool found = !body.at_key(name).get(e) && !e.is_null();
    EXPECT_EQ(request.has(name), found) << name;
  }
}

}  // namespace
}  // namespace ddb
