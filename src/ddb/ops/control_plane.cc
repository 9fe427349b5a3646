// The rest of the control plane: Time to Live, tags, and the account-level descriptions
// (DescribeLimits, DescribeEndpoints, DescribeContinuousBackups).
#include "common/json_writer.h"
#include "ddb/error.h"
#include "ddb/ops/common.h"
#include "ddb/ops/operations.h"

namespace ddb {

namespace {

constexpr size_t kMaxTags = 50;

std::shared_ptr<const TableDef> table_by_arn(const Engine& engine, std::string_view arn) {
  size_t slash = arn.find(":table/");
  if (slash != std::string_view::npos) {
    auto table = engine.find_table(arn.substr(slash + 7));
    if (table && table->arn == arn) return table;
  }
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
  for (auto t : *tags) {
    auto o = json_object(t);
    std::string key(json_string(o["Key"]));
    std::string value(json_string(o["Value"]));
    ConstraintErrors errors;
    if (key.empty() || key.size() > 128) {
      errors.add(key, "tags.member.key",
                 key.empty() ? "Member must have length greater than or equal to 1"
                             : "Member must have length less than or equal to 128");
    }
    if (value.size() > 256) {
      errors.add(value, "tags.member.value", "Member must have length less than or equal to 256");
    }
    errors.throw_if_any();
    auto it = std::find_if(table.tags.begin(), table.tags.end(),
                           [&](const auto& tag) { return tag.first == key; });
    if (it != table.tags.end())
      it->second = value;
    else
      table.tags.emplace_back(key, value);
  }
  if (table.tags.size() > kMaxTags) {
    throw ApiError::limit_exceeded("The number of tags exceeds the limit of 50 for the resource: " +
                                   arn);
  }
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
  auto table = table_by_arn(engine, arn);
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
