// The rest of the control plane: Time to Live, tags, and the account-level descriptions
// (DescribeLimits, DescribeEndpoints, DescribeContinuousBackups).
#include "common/json_writer.h"
#include "ddb/error.h"
#include "ddb/ops/common.h"
#include "ddb/ops/operations.h"

namespace ddb {

namespace {

constexpr size_t kMaxTags = 50;

// A table's ARN: arn:aws:dynamodb:<region>:<account>:table/<name>, nothing after the name (an
// index's ARN is not one). Anything else is DynamoDB's "Invalid TableArn" (as dynalite records
// it; an index ARN answered so by DynamoDB itself, per scylladb's test_tag.py).
void check_table_arn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  bool valid = arn.substr(0, kPrefix.size()) == kPrefix;
  size_t region_end = valid ? arn.find(':', kPrefix.size()) : std::string_view::npos;
  size_t account_end =
      region_end == std::string_view::npos ? region_end : arn.find(':', region_end + 1);
  valid = region_end != std::string_view::npos && region_end > kPrefix.size() &&
          account_end != std::string_view::npos && account_end > region_end + 1;
  if (valid) {
    for (size_t i = region_end + 1; i < account_end; ++i) valid &= std::isdigit(arn[i]) != 0;
    std::string_view rest = arn.substr(account_end + 1);
    valid &= rest.substr(0, 6) == "table/" && rest.size() >= 9 &&
             rest.find('/', 6) == std::string_view::npos;
  }
  if (!valid) {
    throw ApiError::validation("Invalid TableArn: Invalid ResourceArn provided as input " +
                               std::string(arn));
  }
}

std::shared_ptr<const TableDef> find_by_arn(const Engine& engine, std::string_view arn) {
  check_table_arn(arn);
  auto table = engine.find_table(arn.substr(arn.find(":table/") + 7));
  return table && table->arn == arn ? table : nullptr;
}

std::shared_ptr<const TableDef> table_by_arn(const Engine& engine, std::string_view arn) {
  if (auto table = find_by_arn(engine, arn)) return table;
  throw ApiError::resource_not_found(
      "Requested resource not found: ResourcArn: " + std::string(arn) + " not found");
}

std::string resource_arn(const Request& request) {
  auto arn = request.string("ResourceArn");
  if (!arn) {
    ConstraintErrors errors;
    errors.add_null("resourceArn");
    errors.throw_if_any();
  }
  return std::string(*arn);
}

}  // namespace

void apply_tags(TableDef& table, simdjson::dom::array tags) {
  // Lengths and required members are the model stage's; the characters are DynamoDB's tagging
  // restrictions (letters, white space, numbers and + - = . _ : /), reported in the model's form.
  auto allowed = [](std::string_view s) {
    for (unsigned char c : s) {
      if (c >= 0x80 || std::isalnum(c) || std::isspace(c)) continue;
      if (std::string_view("+-=._:/").find(static_cast<char>(c)) == std::string_view::npos)
        return false;
    }
    return true;
  };
  ConstraintErrors errors;
  size_t position = 0;
  for (auto t : tags) {
    ++position;
    auto o = json_object(t);
    std::string key(json_string(o["Key"]));
    std::string value(json_string(o["Value"]));
    std::string path = "tags." + std::to_string(position) + ".member.";
    if (!allowed(key)) {
      errors.add(key, path + "key",
                 "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-]*");
    }
    if (!allowed(value)) {
      errors.add(value, path + "value",
                 "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-]*");
    }
    auto it = std::find_if(table.tags.begin(), table.tags.end(),
                           [&](const auto& tag) { return tag.first == key; });
    if (it != table.tags.end())
      it->second = value;
    else
      table.tags.emplace_back(key, value);
  }
  errors.throw_if_any();
  if (table.tags.size() > kMaxTags) {
    throw ApiError::limit_exceeded("The number of tags exceeds the limit of 50 for the resource: " +
                                   table.arn);
  }
}

std::string update_time_to_live(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  auto spec = request.object("TimeToLiveSpecification");
  if (!spec) {
    ConstraintErrors errors;
    errors.add_null("timeToLiveSpecification");
    errors.throw_if_any();
  }
  simdjson::dom::element e;
  ConstraintErrors errors;
  bool enabled = false;
  std::string attribute;
  if ((*spec).at_key("Enabled").get(e) || e.is_null()) {
    errors.add_null("timeToLiveSpecification.enabled");
  } else if (e.get_bool().get(enabled)) {
    throw ApiError::serialization("Expected boolean for Enabled");
  }
  if ((*spec).at_key("AttributeName").get(e) || e.is_null()) {
    errors.add_null("timeToLiveSpecification.attributeName");
  } else {
    attribute = std::string(json_string(e));
    if (attribute.empty() || attribute.size() > 255) {
      errors.add(attribute, "timeToLiveSpecification.attributeName",
                 attribute.empty() ? "Member must have length greater than or equal to 1"
                                   : "Member must have length less than or equal to 255");
    }
  }
  errors.throw_if_any();
  auto current = require_table(engine, name);
  TableDef table = *current;
  if (enabled) {
    if (!table.ttl_attribute.empty()) throw ApiError::validation("TimeToLive is already enabled");
    table.ttl_attribute = attribute;
  } else {
    if (table.ttl_attribute.empty()) throw ApiError::validation("TimeToLive is already disabled");
    if (table.ttl_attribute != attribute) {
      throw ApiError::validation(
          "The attribute name provided does not match the TimeToLive attribute name of the table");
    }
    table.ttl_attribute.clear();
  }
  if (!engine.replace_table(std::move(table))) throw ApiError::resource_not_found();
  common::JsonWriter w;
  w.begin_object();
  w.key("TimeToLiveSpecification");
  w.begin_object();
  w.key("Enabled");
  w.boolean(enabled);
  w.key("AttributeName");
  w.string(attribute);
  w.end_object();
  w.end_object();
  return w.take();
}

std::string describe_time_to_live(Engine& engine, const Request& request) {
  auto table = require_table(engine, request.table_name());
  common::JsonWriter w;
  w.begin_object();
  w.key("TimeToLiveDescription");
  w.begin_object();
  w.key("TimeToLiveStatus");
  w.string(table->ttl_attribute.empty() ? "DISABLED" : "ENABLED");
  if (!table->ttl_attribute.empty()) {
    w.key("AttributeName");
    w.string(table->ttl_attribute);
  }
  w.end_object();
  w.end_object();
  return w.take();
}

std::string tag_resource(Engine& engine, const Request& request) {
  std::string arn = resource_arn(request);
  auto tags = request.array("Tags");
  if (!tags) {
    ConstraintErrors errors;
    errors.add_null("tags");
    errors.throw_if_any();
  }
  TableDef table = *table_by_arn(engine, arn);
  apply_tags(table, *tags);
  engine.replace_table(std::move(table));
  return "";  // DynamoDB answers TagResource with an empty body, not "{}"
}

std::string untag_resource(Engine& engine, const Request& request) {
  std::string arn = resource_arn(request);
  auto keys = request.array("TagKeys");
  if (!keys) {
    ConstraintErrors errors;
    errors.add_null("tagKeys");
    errors.throw_if_any();
  }
  TableDef table = *table_by_arn(engine, arn);
  for (auto k : *keys) {
    std::string_view key = json_string(k);
    std::erase_if(table.tags, [&](const auto& tag) { return tag.first == key; });
  }
  engine.replace_table(std::move(table));
  return "";  // as TagResource
}

std::string list_tags_of_resource(Engine& engine, const Request& request) {
  std::string arn = resource_arn(request);
  auto table = find_by_arn(engine, arn);
  if (!table) {
    // DynamoDB answers a well-formed ARN of no table so (nubo-db/dynamodb-conformance,
    // tags/basic.test.ts; the wording as dynalite records it).
    throw ApiError::access_denied("User: arn:aws:iam::" + request.context().account +
                                  ":root is not authorized to perform: "
                                  "dynamodb:ListTagsOfResource on resource: " +
                                  arn);
  }
  common::JsonWriter w;
  w.begin_object();
  w.key("Tags");
  w.begin_array();
  for (const auto& [key, value] : table->tags) {
    w.begin_object();
    w.key("Key");
    w.string(key);
    w.key("Value");
    w.string(value);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string describe_limits(Engine&, const Request&) {
  return R"({"AccountMaxReadCapacityUnits":80000,"AccountMaxWriteCapacityUnits":80000,)"
         R"("TableMaxReadCapacityUnits":40000,"TableMaxWriteCapacityUnits":40000})";
}

std::string describe_endpoints(Engine&, const Request& request) {
  common::JsonWriter w;
  w.begin_object();
  w.key("Endpoints");
  w.begin_array();
  w.begin_object();
  w.key("Address");
  w.string(request.context().host.empty() ? "localhost:8000" : request.context().host);
  w.key("CachePeriodInMinutes");
  w.number(int64_t{1440});
  w.end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

std::string describe_continuous_backups(Engine& engine, const Request& request) {
  std::string name = request.table_name();
  if (!engine.find_table(name)) {
    throw ApiError::table_not_found("Table not found: " + name);
  }
  return R"({"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED",)"
         R"("PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"DISABLED"}}})";
}

}  // namespace ddb
