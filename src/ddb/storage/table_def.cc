#include "ddb/storage/table_def.h"

#include <simdjson.h>

#include <stdexcept>

#include "common/json_writer.h"

namespace ddb {

char TableDef::attribute_type(std::string_view name) const {
  for (const auto& [n, t] : attribute_definitions) {
    if (n == name) return t;
  }
  return 0;
}

const IndexDef* TableDef::find_index(std::string_view name) const {
  for (const auto& index : indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

bool TableDef::has_local_indexes() const {
  for (const auto& index : indexes) {
    if (!index.global) return true;
  }
  return false;
}

std::vector<std::string> KeySchema::partition_attributes() const {
  std::vector<std::string> out{hash};
  out.insert(out.end(), more_hash.begin(), more_hash.end());
  return out;
}

std::vector<std::string> KeySchema::sort_attributes() const {
  std::vector<std::string> out;
  if (range) out.push_back(*range);
  out.insert(out.end(), more_range.begin(), more_range.end());
  return out;
}

bool KeySchema::contains(std::string_view attribute) const {
  if (hash == attribute || (range && *range == attribute)) return true;
  for (const auto& a : more_hash) {
    if (a == attribute) return true;
  }
  for (const auto& a : more_range) {
    if (a == attribute) return true;
  }
  return false;
}

Item key_of(const Item& item, const KeySchema& schema) {
  Item key;
  auto copy = [&](const std::string& name) {
    if (auto it = item.find(name); it != item.end()) key.emplace(it->first, it->second);
  };
  copy(schema.hash);
  if (schema.range) copy(*schema.range);
  for (const auto& a : schema.more_hash) copy(a);
  for (const auto& a : schema.more_range) copy(a);
  return key;
}

namespace {

const char* projection_name(ProjectionType p) {
  return p == ProjectionType::ALL         ? "ALL"
         : p == ProjectionType::KEYS_ONLY ? "KEYS_ONLY"
                                          : "INCLUDE";
}

void write_key(common::JsonWriter& w, const KeySchema& key) {
  w.key("hash");
  w.string(key.hash);
  if (key.range) {
    w.key("range");
    w.string(*key.range);
  }
  // A multi-attribute key's further attributes; absent otherwise, so earlier catalogs read as
  // they always did.
  for (auto [field, names] :
       {std::pair{"more_hash", &key.more_hash}, std::pair{"more_range", &key.more_range}}) {
    if (names->empty()) continue;
    w.key(field);
    w.begin_array();
    for (const auto& n : *names) w.string(n);
    w.end_array();
  }
}

KeySchema read_key(simdjson::dom::object o) {
  KeySchema key;
  key.hash = std::string(std::string_view(o["hash"]));
  std::string_view range;
  if (!o["range"].get(range)) key.range = std::string(range);
  for (auto [field, names] :
       {std::pair{"more_hash", &key.more_hash}, std::pair{"more_range", &key.more_range}}) {
    simdjson::dom::array a;
    if (o[field].get(a)) continue;
    for (std::string_view n : a) names->emplace_back(n);
  }
  return key;
}

}  // namespace

std::string TableDef::to_json() const {
  common::JsonWriter w;
  w.begin_object();
  w.key("name");
  w.string(name);
  w.key("id");
  w.number(int64_t{id});
  w.key("uuid");
  w.string(table_uuid);
  w.key("arn");
  w.string(arn);
  w.key("created");
  w.number(creation_time);
  w.key("attributes");
  w.begin_object();
  for (const auto& [n, t] : attribute_definitions) {
    w.key(n);
    w.string(std::string(1, t));
  }
  w.end_object();
  write_key(w, key);
  w.key("on_demand");
  w.boolean(pay_per_request);
  w.key("rcu");
  w.number(read_capacity);
  w.key("wcu");
  w.number(write_capacity);
  w.key("indexes");
  w.begin_array();
  for (const auto& index : indexes) {
    w.begin_object();
    w.key("name");
    w.string(index.name);
    w.key("id");
    w.number(int64_t{index.id});
    w.key("global");
    w.boolean(index.global);
    write_key(w, index.key);
    w.key("projection");
    w.string(projection_name(index.projection));
    w.key("non_key");
    w.begin_array();
    for (const auto& a : index.non_key_attributes) w.string(a);
    w.end_array();
    w.key("rcu");
    w.number(index.read_capacity);
    w.key("wcu");
    w.number(index.write_capacity);
    w.key("status");
    w.string(index.status);
    w.key("arn");
    w.string(index.arn);
    w.end_object();
  }
  w.end_array();
  w.key("stream_enabled");
  w.boolean(stream_enabled);
  w.key("stream_view_type");
  w.string(stream_view_type);
  w.key("stream_label");
  w.string(stream_label);
  w.key("stream_id");
  w.number(int64_t{stream_id});
  w.key("ttl");
  w.string(ttl_attribute);
  w.key("tags");
  w.begin_object();
  for (const auto& [k, v] : tags) {
    w.key(k);
    w.string(v);
  }
  w.end_object();
  w.end_object();
  return w.take();
}

TableDef TableDef::from_json(std::string_view json) {
  simdjson::dom::parser parser;
  try {
    simdjson::dom::object o = parser.parse(json.data(), json.size());
    TableDef t;
    t.name = std::string(std::string_view(o["name"]));
    t.id = static_cast<uint32_t>(int64_t(o["id"]));
    t.table_uuid = std::string(std::string_view(o["uuid"]));
    t.arn = std::string(std::string_view(o["arn"]));
    t.creation_time = double(o["created"]);
    for (auto field : simdjson::dom::object(o["attributes"])) {
      t.attribute_definitions.emplace_back(std::string(field.key),
                                           std::string_view(field.value)[0]);
    }
    t.key = read_key(o);
    t.pay_per_request = bool(o["on_demand"]);
    t.read_capacity = int64_t(o["rcu"]);
    t.write_capacity = int64_t(o["wcu"]);
    for (simdjson::dom::object i : simdjson::dom::array(o["indexes"])) {
      IndexDef index;
      index.name = std::string(std::string_view(i["name"]));
      index.id = static_cast<uint16_t>(int64_t(i["id"]));
      index.global = bool(i["global"]);
      index.key = read_key(i);
      std::string_view projection = i["projection"];
      index.projection = projection == "ALL"         ? ProjectionType::ALL
                         : projection == "KEYS_ONLY" ? ProjectionType::KEYS_ONLY
                                                     : ProjectionType::INCLUDE;
      for (std::string_view a : simdjson::dom::array(i["non_key"])) {
        index.non_key_attributes.emplace_back(a);
      }
      index.read_capacity = int64_t(i["rcu"]);
      index.write_capacity = int64_t(i["wcu"]);
      index.status = std::string(std::string_view(i["status"]));
      index.arn = std::string(std::string_view(i["arn"]));
      t.indexes.push_back(std::move(index));
    }
    t.stream_enabled = bool(o["stream_enabled"]);
    t.stream_view_type = std::string(std::string_view(o["stream_view_type"]));
    t.stream_label = std::string(std::string_view(o["stream_label"]));
    int64_t stream_id = 0;
    if (!o["stream_id"].get(stream_id)) t.stream_id = static_cast<uint32_t>(stream_id);
    std::string_view ttl;
    if (!o["ttl"].get(ttl)) t.ttl_attribute = std::string(ttl);
    simdjson::dom::object tags;
    if (!o["tags"].get(tags)) {
      for (auto field : tags)
        t.tags.emplace_back(std::string(field.key), std::string(std::string_view(field.value)));
    }
    return t;
  } catch (const simdjson::simdjson_error& e) {
    throw std::runtime_error(std::string("corrupt table definition: ") + e.what());
  }
}

}  // namespace ddb
