#include "ddb/ops/partiql.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>

#include "common/json_writer.h"
#include "common/recent_cache.h"
#include "ddb/error.h"
#include "ddb/ops/partiql_syntax.h"
#include "ddb/value/json_codec.h"

namespace ddb::partiql {

namespace {

std::string without_braces(std::string object) {
  return object.substr(1, object.size() - 2);
}

// ---- From the WHERE clause to keys ----

// The conditions ANDed at the top of a WHERE clause.
std::vector<const Condition*> conjuncts(const Condition& c) {
  if (c.kind != Condition::Kind::And) return {&c};
  std::vector<const Condition*> out;
  for (const auto& child : c.children) {
    auto more = conjuncts(child);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

// The attribute a condition's first operand is when it is just an attribute.
std::optional<std::string> subject(const Condition& c) {
  if (c.operands.empty() || c.operands[0].kind != Operand::Kind::Path) return std::nullopt;
  return c.operands[0].path.top_only();
}

// "attribute = value" (either way round): the attribute's value.
std::optional<std::string> equality_on(const Condition& c, const std::string& attribute) {
  if (c.kind != Condition::Kind::Compare || c.op != "=") return std::nullopt;
  for (int side : {0, 1}) {
    const Operand& a = c.operands[side];
    const Operand& b = c.operands[1 - side];
    if (a.kind == Operand::Kind::Path && a.path.top_only() == attribute &&
        b.kind == Operand::Kind::Value) {
      return b.value;
    }
  }
  return std::nullopt;
}

bool mentions(const Condition& c, const KeySchema& key) {
  for (const auto& o : c.operands) {
    if (o.kind != Operand::Kind::Value && key.contains(o.path.steps[0].name)) return true;
  }
  for (const auto& child : c.children) {
    if (mentions(child, key)) return true;
  }
  return false;
}

// A sort key condition a Query can take: a comparison, BETWEEN or begins_with of the attribute
// itself against values.
bool sort_condition_on(const Condition& c, const std::string& attribute) {
  if (subject(c) != attribute) return false;
  for (size_t i = 1; i < c.operands.size(); ++i) {
    if (c.operands[i].kind != Operand::Kind::Value) return false;
  }
  if (c.kind == Condition::Kind::Compare) return c.op != "<>";
  if (c.kind == Condition::Kind::Between) return true;
  return c.kind == Condition::Kind::Call && c.op == "begins_with";
}

std::string joined(const std::vector<const Condition*>& terms, Placeholders& ph) {
  std::string out;
  for (const Condition* t : terms) {
    if (!out.empty()) out += " AND ";
    out += render(*t, ph);
  }
  return out;
}

// The table's key values the WHERE clause fixes by "=": all of them, or ValidationException.
// The other conditions are left in `rest`.
std::string key_of_where(const Condition* where, const TableDef& table,
                         std::vector<const Condition*>& rest) {
  std::vector<std::string> attributes = table.key.partition_attributes();
  for (const auto& a : table.key.sort_attributes()) attributes.push_back(a);
  std::vector<std::optional<std::string>> values(attributes.size());
  if (where) {
    for (const Condition* c : conjuncts(*where)) {
      bool used = false;
      for (size_t i = 0; i < attributes.size() && !used; ++i) {
        if (!values[i] && (values[i] = equality_on(*c, attributes[i]))) used = true;
      }
      if (!used) rest.push_back(c);
    }
  }
  common::JsonWriter w;
  w.begin_object();
  for (size_t i = 0; i < attributes.size(); ++i) {
    if (!values[i]) {
      throw ApiError::validation(
          "Where clause does not contain a mandatory equality on all key attributes");
    }
    w.key(attributes[i]);
    w.raw(*values[i]);
  }
  w.end_object();
  return w.take();
}

std::string returning_clause(Parser& p) {
  if (!p.accept_word("RETURNING")) return "";
  std::string which = p.accept_word("ALL") ? "ALL" : (p.expect_word("MODIFIED"), "MODIFIED");
  std::string age = p.accept_word("OLD") ? "OLD" : (p.expect_word("NEW"), "NEW");
  p.expect_symbol("*");
  return which + " " + age;
}

std::shared_ptr<const TableDef> table_named(const Engine& engine, const std::string& name) {
  auto table = engine.find_table(name);
  if (!table) throw ApiError::resource_not_found();
  return table;
}

Compiled compile_select(Parser& p, const Engine& engine) {
  Compiled out;
  out.kind = Compiled::Kind::Select;
  std::vector<Path> projection;
  if (!p.accept_symbol("*")) {
    do {
      // A function is no path to project (DynamoDB, eu-west-2, October 2026:
      // paritysuite/dynamodb-conformance, tier3/error-messages/partiqlFunctions.test.ts).
      if (p.call()) throw ApiError::validation("Unexpected path component" + p.at(p.peek()));
      projection.push_back(p.path());
    } while (p.accept_symbol(","));
  }
  p.expect_word("FROM");
  auto [table_name, index_name] = p.table_reference();
  std::optional<Condition> where;
  if (p.accept_word("WHERE")) where = p.condition();
  std::optional<bool> forward;
  std::optional<Path> order_by;
  if (p.accept_word("ORDER")) {
    p.expect_word("BY");
    order_by = p.path();
    forward = !p.accept_word("DESC");
    if (*forward) p.accept_word("ASC");
  }
  if (!p.at_end()) p.unexpected();

  auto table = table_named(engine, table_name);
  const KeySchema* key = &table->key;
  if (!index_name.empty()) {
    const IndexDef* index = table->find_index(index_name);
    // No index name appended, unlike Query's message (tier3 partiql.test.ts).
    if (!index) throw ApiError::validation("The table does not have the specified index");
    key = &index->key;
    out.on_index = true;
    out.global_index = index->global;
  }
  out.table = table_name;

  Placeholders ph;
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table_name);
  if (out.on_index) {
    w.key("IndexName");
    w.string(index_name);
  }
  if (!projection.empty()) {
    // Top-level attributes are projected by the operation; a nested path is picked out of the
    // whole item afterwards (a projected list keeps only the elements named, renumbered).
    std::string text;
    bool nested = false;
    for (const auto& path : projection) {
      if (!text.empty()) text += ", ";
      text += ph.path(path);
      nested = nested || !path.top_only();
      out.renames.push_back({path.steps, path.steps.back().index >= 0
                                             ? path.steps[path.steps.size() - 2].name
                                             : path.steps.back().name});
    }
    if (!nested) {
      w.key("ProjectionExpression");
      w.string(text);
    } else {
      ph.names.clear();
    }
  }

  // The partition fixed by "=" on every partition attribute: a Query (or a GetItem, when the
  // whole key is fixed and nothing else asked); anything else is a Scan with the WHERE clause
  // as its filter.
  std::vector<const Condition*> terms;
  if (where) terms = conjuncts(*where);
  std::vector<std::string> partition = key->partition_attributes();
  std::vector<std::string> sort = key->sort_attributes();
  std::vector<const Condition*> key_terms, rest;
  std::vector<bool> taken(terms.size(), false);
  bool partition_fixed = !terms.empty();
  for (const auto& attribute : partition) {
    bool found = false;
    for (size_t i = 0; i < terms.size() && !found; ++i) {
      if (!taken[i] && equality_on(*terms[i], attribute)) {
        taken[i] = found = true;
        key_terms.push_back(terms[i]);
      }
    }
    partition_fixed = partition_fixed && found;
  }
  size_t sort_equalities = 0;
  if (partition_fixed) {
    for (const auto& attribute : sort) {
      size_t chosen = terms.size();
      for (size_t i = 0; i < terms.size() && chosen == terms.size(); ++i) {
        if (!taken[i] && sort_condition_on(*terms[i], attribute)) chosen = i;
      }
      if (chosen == terms.size()) break;
      taken[chosen] = true;
      key_terms.push_back(terms[chosen]);
      if (!equality_on(*terms[chosen], attribute)) break;
      ++sort_equalities;
    }
    for (size_t i = 0; i < terms.size(); ++i) {
      if (!taken[i]) rest.push_back(terms[i]);
    }
    // A filter may not name a key attribute of what it reads: then it is a Scan after all.
    for (const Condition* r : rest) partition_fixed = partition_fixed && !mentions(*r, *key);
  }
  if (order_by && (!partition_fixed || sort.empty() || order_by->top_only() != sort[0])) {
    throw ApiError::validation(
        "Must have WHERE clause in the statement when using ORDER BY clause.");
  }
  if (partition_fixed && !out.on_index && rest.empty() && sort_equalities == sort.size() &&
      !order_by) {
    out.operation = "GetItem";
    std::vector<const Condition*> unused;
    w.key("Key");
    w.raw(key_of_where(&*where, *table, unused));
  } else if (partition_fixed) {
    out.operation = "Query";
    w.key("KeyConditionExpression");
    w.string(joined(key_terms, ph));
    if (!rest.empty()) {
      w.key("FilterExpression");
      w.string(joined(rest, ph));
    }
    if (forward) {
      w.key("ScanIndexForward");
      w.boolean(*forward);
    }
  } else {
    out.operation = "Scan";
    if (where) {
      w.key("FilterExpression");
      w.string(render(*where, ph));
    }
  }
  ph.write(w);
  w.end_object();
  out.members = without_braces(w.take());
  return out;
}

Compiled compile_insert(Parser& p, const Engine& engine) {
  Compiled out;
  out.kind = Compiled::Kind::Insert;
  p.expect_word("INTO");
  auto [table_name, index_name] = p.table_reference();
  if (!index_name.empty()) malformed("INSERT takes a table, not an index");
  p.expect_word("VALUE");
  std::string item = p.literal();
  std::string attributes;  // the item's, the M of the map literal
  if (auto mark = parameter_mark(item)) {
    // VALUE ? compiled for any parameters: the bind writes the parameter's map, and a value
    // that is not one is compiled afresh to be refused here.
    p.require(*mark, ShapedParameter::Shape::Map);
    attributes = map_members_mark(*mark);
  } else {
    if (item.rfind(R"({"M":)", 0) != 0) malformed("VALUE must be a tuple");
    attributes = item.substr(5, item.size() - 6);
  }
  if (!p.at_end()) p.unexpected();
  auto table = table_named(engine, table_name);
  out.table = table_name;
  out.operation = "PutItem";
  // INSERT is not an upsert: the key must be free (DuplicateItemException otherwise).
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table_name);
  w.key("Item");
  w.raw(attributes);
  w.key("ConditionExpression");
  w.string("attribute_not_exists(#p0)");
  w.key("ExpressionAttributeNames");
  w.begin_object();
  w.key("#p0");
  w.string(table->key.hash);
  w.end_object();
  w.end_object();
  out.members = without_braces(w.take());
  return out;
}

// SET path = value | path + value | list_append(..) | if_not_exists(..), and set_add /
// set_delete as ADD / DELETE.
std::string update_value(Parser& p, Placeholders& ph) {
  auto term = [&]() -> std::string {
    for (const char* f : {"list_append", "if_not_exists"}) {
      if (p.call(f)) {
        p.expect_word(f);
        p.expect_symbol("(");
        Operand a = p.operand();
        p.expect_symbol(",");
        Operand b = p.operand();
        p.expect_symbol(")");
        return std::string(f) + "(" + render(a, ph) + ", " + render(b, ph) + ")";
      }
    }
    return render(p.operand(), ph);
  };
  std::string out = term();
  if (p.accept_symbol("+")) return out + " + " + term();
  if (p.accept_symbol("-")) return out + " - " + term();
  return out;
}

// `set_add(target, <<set>>)` or `set_delete(...)` assigned to `target`: the set to add or
// remove. Refused in DynamoDB's words, placed in the statement (eu-west-2, October 2026:
// paritysuite/dynamodb-conformance, tier3/error-messages/partiqlFunctions.test.ts).
std::string set_function_value(Parser& p, const char* function, const Path& target) {
  std::string upper = function == std::string_view("set_add") ? "SET_ADD" : "SET_DELETE";
  Token call = p.peek();
  p.expect_word(function);
  p.expect_symbol("(");
  Token first = p.peek();
  std::vector<Operand> arguments;
  while (!p.accept_symbol(")")) {
    if (!arguments.empty()) p.expect_symbol(",");
    arguments.push_back(p.operand());
  }
  if (arguments.size() != 2) {
    throw ApiError::validation(upper + " must have exactly two arguments" + p.at(call));
  }
  const Operand& set = arguments[0];
  if (set.kind != Operand::Kind::Path || set.path.steps.size() != target.steps.size() ||
      !std::equal(set.path.steps.begin(), set.path.steps.end(), target.steps.begin(),
                  [](const PathStep& a, const PathStep& b) {
                    return a.name == b.name && a.index == b.index;
                  })) {
    throw ApiError::validation("The first argument to " + upper +
                               " must equal the assignment value" + p.at(call));
  }
  const Operand& members = arguments[1];
  if (members.kind == Operand::Kind::Value) {
    if (auto mark = parameter_mark(members.value)) {
      // set_add(s, ?) compiled for any parameters: bound to sets only (ShapedParameter).
      p.require(*mark, ShapedParameter::Shape::Set);
      return members.value;
    }
  }
  auto is_set = [](const std::string& json) {
    return json.starts_with(R"({"SS")") || json.starts_with(R"({"NS")") ||
           json.starts_with(R"({"BS")");
  };
  if (members.kind != Operand::Kind::Value || !is_set(members.value)) {
    // Placed at the first argument, as DynamoDB places it.
    throw ApiError::validation("The second argument to " + upper +
                               " must be a value with type SET" + p.at(first));
  }
  return members.value;
}

Compiled compile_update(Parser& p, const Engine& engine) {
  Compiled out;
  out.kind = Compiled::Kind::Update;
  auto [table_name, index_name] = p.table_reference();
  if (!index_name.empty()) malformed("UPDATE takes a table, not an index");
  Placeholders ph;
  std::vector<std::string> sets, removes, adds, deletes;
  while (true) {
    if (p.accept_word("SET")) {
      do {
        Path target = p.path();
        p.expect_symbol("=");
        std::string target_text = ph.path(target);
        bool set_function = false;
        for (const char* f : {"set_add", "set_delete"}) {
          if (p.call(f)) {
            std::string v = set_function_value(p, f, target);
            (f[4] == 'a' ? adds : deletes).push_back(target_text + " " + ph.value(v));
            set_function = true;
          }
        }
        if (!set_function) sets.push_back(target_text + " = " + update_value(p, ph));
      } while (p.accept_symbol(","));
    } else if (p.accept_word("REMOVE")) {
      do {
        removes.push_back(ph.path(p.path()));
      } while (p.accept_symbol(","));
    } else {
      break;
    }
  }
  if (sets.empty() && removes.empty() && adds.empty() && deletes.empty()) p.unexpected();
  p.expect_word("WHERE");
  Condition where = p.condition();
  std::string returning = returning_clause(p);
  if (!p.at_end()) p.unexpected();

  auto table = table_named(engine, table_name);
  out.table = table_name;
  out.operation = "UpdateItem";
  std::vector<const Condition*> rest;
  std::string key = key_of_where(&where, *table, rest);
  std::string expression;
  auto clause = [&](const char* verb, const std::vector<std::string>& parts) {
    if (parts.empty()) return;
    expression += std::string(expression.empty() ? "" : " ") + verb + " ";
    for (size_t i = 0; i < parts.size(); ++i) expression += (i ? ", " : "") + parts[i];
  };
  clause("SET", sets);
  clause("REMOVE", removes);
  clause("ADD", adds);
  clause("DELETE", deletes);
  // The item must be there: an UPDATE of no item is ConditionalCheckFailedException.
  std::string condition = "attribute_exists(" + ph.name(table->key.hash) + ")";
  if (!rest.empty()) condition += " AND " + joined(rest, ph);
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table_name);
  w.key("Key");
  w.raw(key);
  w.key("UpdateExpression");
  w.string(expression);
  w.key("ConditionExpression");
  w.string(condition);
  if (!returning.empty()) {
    out.returning = true;
    w.key("ReturnValues");
    w.string(returning == "ALL OLD"        ? "ALL_OLD"
             : returning == "MODIFIED OLD" ? "UPDATED_OLD"
             : returning == "ALL NEW"      ? "ALL_NEW"
                                           : "UPDATED_NEW");
  }
  ph.write(w);
  w.end_object();
  out.members = without_braces(w.take());
  return out;
}

Compiled compile_delete(Parser& p, const Engine& engine) {
  Compiled out;
  out.kind = Compiled::Kind::Delete;
  p.expect_word("FROM");
  auto [table_name, index_name] = p.table_reference();
  if (!index_name.empty()) malformed("DELETE takes a table, not an index");
  p.expect_word("WHERE");
  Condition where = p.condition();
  std::string returning = returning_clause(p);
  if (!p.at_end()) p.unexpected();
  if (!returning.empty() && returning != "ALL OLD") {
    // DynamoDB's words (nubo-db/dynamodb-conformance, tier3 partiql.test.ts).
    throw ApiError::validation("Invalid returning clause: RETURNING " + returning +
                               " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
  }
  auto table = table_named(engine, table_name);
  out.table = table_name;
  out.operation = "DeleteItem";
  std::vector<const Condition*> rest;
  std::string key = key_of_where(&where, *table, rest);
  Placeholders ph;
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table_name);
  w.key("Key");
  w.raw(key);
  if (!rest.empty()) {
    w.key("ConditionExpression");
    w.string(joined(rest, ph));
  }
  if (!returning.empty()) {
    out.returning = true;
    w.key("ReturnValues");
    w.string("ALL_OLD");
  }
  ph.write(w);
  w.end_object();
  out.members = without_braces(w.take());
  return out;
}

// EXISTS(SELECT ... FROM "table" WHERE <the whole key> [AND condition]): a transaction's
// condition check, that the item is there and meets the condition.
Compiled compile_exists(Parser& p, const Engine& engine) {
  Compiled out;
  out.kind = Compiled::Kind::Exists;
  p.expect_symbol("(");
  p.expect_word("SELECT");
  if (!p.accept_symbol("*")) {
    do {
      p.path();
    } while (p.accept_symbol(","));
  }
  p.expect_word("FROM");
  auto [table_name, index_name] = p.table_reference();
  if (!index_name.empty()) malformed("EXISTS reads a table, not an index");
  p.expect_word("WHERE");
  Condition where = p.condition();
  p.expect_symbol(")");
  if (!p.at_end()) p.unexpected();
  auto table = table_named(engine, table_name);
  out.table = table_name;
  out.operation = "ConditionCheck";
  std::vector<const Condition*> rest;
  std::string key = key_of_where(&where, *table, rest);
  Placeholders ph;
  std::string condition = "attribute_exists(" + ph.name(table->key.hash) + ")";
  if (!rest.empty()) condition += " AND " + joined(rest, ph);
  out.condition_beyond_key = !rest.empty();
  common::JsonWriter w;
  w.begin_object();
  w.key("TableName");
  w.string(table_name);
  w.key("Key");
  w.raw(key);
  w.key("ConditionExpression");
  w.string(condition);
  ph.write(w);
  w.end_object();
  out.members = without_braces(w.take());
  return out;
}

Compiled compile_statement(Parser& p, const Engine& engine) {
  Compiled out;
  if (p.accept_word("SELECT")) {
    out = compile_select(p, engine);
  } else if (p.accept_word("INSERT")) {
    out = compile_insert(p, engine);
  } else if (p.accept_word("UPDATE")) {
    out = compile_update(p, engine);
  } else if (p.accept_word("DELETE")) {
    out = compile_delete(p, engine);
  } else if (p.accept_word("EXISTS")) {
    out = compile_exists(p, engine);
  } else {
    p.unexpected();
  }
  return out;
}

// ---- Statements kept compiled ----

// A statement compiled for any parameters: the compiled request's members, kept apart from the
// rest, hold a mark where each goes (kParameterMark), bound by bind_parameters(). Usable only
// while its table is the one it was compiled against: a table's definition is replaced, never
// changed, when the table changes.
struct KeptStatement {
  bool usable = false;
  bool table_missing = false;  // not usable for want of its table, which may yet be created
  Compiled compiled;           // its members empty: a bind copies the rest and writes them
  std::string members;
  size_t parameters = 0;
  std::vector<ShapedParameter> shaped;  // parameters it stands for only with values of a shape
  std::shared_ptr<const TableDef> table;
};

// Compiles `statement` with its parameters as marks. One whose marks did not all come through
// as written is not usable, and is compiled afresh each time.
KeptStatement keep(std::string_view statement, const Engine& engine) {
  static const std::vector<simdjson::dom::element> kNone;
  KeptStatement kept;
  try {
    Parser p(statement, kNone, /*placeholders=*/true);
    kept.compiled = compile_statement(p, engine);
    kept.parameters = p.parameters_used();
    kept.shaped = p.shaped();
  } catch (const ApiError& e) {
    kept.table_missing = e.type().ends_with("ResourceNotFoundException");
    return kept;
  }
  kept.table = engine.find_table(kept.compiled.table);
  kept.members = std::move(kept.compiled.members);
  kept.compiled.members.clear();
  const std::string& m = kept.members;
  // Every mark as written (below), none escaped into a JSON string (a string literal holding
  // the byte is escaped too, and such a statement is compiled afresh each time).
  kept.usable = kept.table && m.find("\\u0001") == std::string::npos;
  for (size_t i = 0; kept.usable && i < kept.parameters; ++i) {
    kept.usable = m.find(value_mark(i)) != m.npos || m.find(map_members_mark(i)) != m.npos;
  }
  return kept;
}

// Whether each parameter a kept statement reads has the shape it was compiled for: an
// attribute value of one member, M for a map or SS, NS or BS for a set. Any other value is for
// a fresh compile, whatever it makes of it.
bool shapes_fit(const KeptStatement& kept, const std::vector<simdjson::dom::element>& parameters) {
  for (const ShapedParameter& shaped : kept.shaped) {
    simdjson::dom::object value;
    if (parameters[shaped.index].get_object().get(value) || value.size() != 1) return false;
    std::string_view type = value.begin().key();
    bool fits = shaped.shape == ShapedParameter::Shape::Map
                    ? type == "M"
                    : type == "SS" || type == "NS" || type == "BS";
    if (!fits) return false;
  }
  return true;
}

// The kept statement with `parameters` in place of its marks: the members a fresh compile with
// them writes, where each value is copied in by copy_json (a map's members alone for a
// map_members_mark, as INSERT's VALUE takes them).
Compiled bind_parameters(const KeptStatement& kept,
                         const std::vector<simdjson::dom::element>& parameters) {
  Compiled out = kept.compiled;
  const std::string& m = kept.members;
  std::string members;
  members.reserve(m.size() + 64 * parameters.size());
  common::JsonWriter value;
  size_t at = 0;
  for (size_t mark; (mark = m.find(kParameterMark, at)) != std::string::npos;) {
    size_t end = m.find(kParameterMark, mark + 1);
    members.append(m, at, mark - at);
    size_t index = 0;
    const char* after = std::from_chars(m.data() + mark + 1, m.data() + end, index).ptr;
    if (*after == 'M') {
      copy_json(value, parameters[index].get_object().begin().value());  // shapes_fit: a map
    } else {
      copy_json(value, parameters[index]);
    }
    members += value.str();
    value.clear();
    at = end + 1;
  }
  members.append(m, at);
  out.members = std::move(members);
  return out;
}

}  // namespace

Compiled compile(std::string_view statement, const std::vector<simdjson::dom::element>& parameters,
                 const Engine& engine) {
  // Each thread keeps the last 16 statements it compiled, compiled for any parameters: an
  // application sends the same few statements with new parameters, and a SELECT by key's
  // syntax tree and plan were ~17,000 of its ~63,000 instructions (bench/instructions
  // --scenarios partiql_get). A kept statement is used only with as many parameters as it has,
  // while its table is unchanged, and with values of the shape it was compiled for where it
  // reads them (a map for VALUE ?, a set for set_add(s, ?); an UPDATE's set_add 112,827 ->
  // 93,329 instructions kept); anything else is compiled afresh below, which also gives every
  // refusal its words.
  thread_local common::RecentCache<KeptStatement> kept_statements(16);
  KeptStatement* kept = kept_statements.find(statement);
  if (!kept) {
    kept = &kept_statements.put(statement, keep(statement, engine));
  } else if (kept->usable ? engine.find_table(kept->compiled.table) != kept->table
                          : kept->table_missing) {
    *kept = keep(statement, engine);  // its table has changed, or may be there now
  }
  if (kept->usable && kept->parameters == parameters.size() && shapes_fit(*kept, parameters)) {
    return bind_parameters(*kept, parameters);
  }
  return compile_afresh(statement, parameters, engine);
}

Compiled compile_afresh(std::string_view statement,
                        const std::vector<simdjson::dom::element>& parameters,
                        const Engine& engine) {
  Parser p(statement, parameters);
  Compiled out = compile_statement(p, engine);
  if (p.parameters_used() != parameters.size()) {
    throw ApiError::validation("Number of parameters in request and statement don't match.");
  }
  return out;
}

}  // namespace ddb::partiql
