// TransactWriteItems and TransactGetItems.
//
// A write transaction begins a MultiWrite in storage, which claims its items (a transaction or
// single write that meets a claimed item gets a conflict, as in DynamoDB) and locks them; it
// evaluates every condition against the current items, and commits every change — items, index
// entries, counters and the idempotency record — in one atomic batch. A read transaction reads
// one snapshot.
#include <set>

#include "ddb/error.h"
#include "ddb/expr/projection.h"
#include "ddb/expr/resolve.h"
#include "ddb/expr/update.h"
#include "ddb/ops/capacity.h"
#include "ddb/ops/common.h"
#include "ddb/ops/operations.h"
#include "ddb/ops/write_condition.h"
#include "ddb/value/json_codec.h"

namespace ddb {

namespace {

constexpr size_t kMaxTransactItems = 100;
constexpr size_t kMaxTransactionBytes = 4 * 1024 * 1024;

struct WriteAction {
  enum class Kind { ConditionCheck, Put, Update, Delete };
  Kind kind;
  simdjson::dom::object body;  // the action's member of the request
  std::shared_ptr<const TableDef> table;
  Item key;
  std::string storage_key;
  Item item;  // Put
  std::vector<expr::UpdateAction> updates;
  WriteCondition condition;
  expr::AttributeRefs refs;
  // What makes this action invalid on its own (a key or index key of the wrong type): reported
  // as its CancellationReason "ValidationError", as DynamoDB does, not as the request's error.
  std::string invalid;
};

// TransactItems: 1 to 100 actions.
simdjson::dom::array read_transact_items(const Request& request) {
  auto items = request.array("TransactItems");
  ConstraintErrors errors;
  if (!items) {
    errors.add_null("transactItems");
  } else if (items->size() == 0) {
    errors.add("[]", "transactItems", "Member must have length greater than or equal to 1");
  } else if (items->size() > kMaxTransactItems) {
    errors.add("[...]", "transactItems", "Member must have length less than or equal to 100");
  }
  errors.throw_if_any();
  return *items;
}

// Phase one of reading an action: what the request alone says, checked in request order before
// any table is looked up, as DynamoDB does: a malformed expression, an unused value or a value
// nested too deep on a later action is reported ahead of a missing table or a duplicate target
// on an earlier one, and between two such actions the first wins (us-east-1 and eu-west-2,
// 2026-10-09: paritysuite/dynamodb-conformance, validation-ordering/transactions.test.ts and
// deepRequests.test.ts).
WriteAction parse_write_action(simdjson::dom::element json, const RequestContext& context) {
  static const std::pair<const char*, WriteAction::Kind> kinds[] = {
      {"ConditionCheck", WriteAction::Kind::ConditionCheck},
      {"Put", WriteAction::Kind::Put},
      {"Update", WriteAction::Kind::Update},
      {"Delete", WriteAction::Kind::Delete}};
  simdjson::dom::object entry = json_object(json);
  WriteAction action{};
  int found = 0;
  for (auto [name, kind] : kinds) {
    simdjson::dom::element e;
    if (entry.at_key(name).get(e) || e.is_null()) continue;
    ++found;
    action.body = json_object(e);
    action.kind = kind;
  }
  if (found != 1) {
    throw ApiError::validation(
        "TransactItems can only contain one of Check, Put, Update or Delete");
  }
  Request request(action.body, context);
  // Item and Key are required members (the model stage).
  if (action.kind == WriteAction::Kind::Put) {
    action.item = decode_item(request.body()["Item"]);
  } else {
    action.key = decode_item(request.body()["Key"]);
  }
  request.read_attribute_refs(&action.refs);
  action.condition = read_write_condition(request, action.refs);
  if (action.kind == WriteAction::Kind::Update) {
    auto text = request.string("UpdateExpression");
    if (!text) throw ApiError::validation("The Update action requires an UpdateExpression");
    action.updates = expr::update_expression(*text, action.refs);
  }
  action.refs.check_all_used();
  return action;
}

// Phase two: the action against its table. Wrong key types are the action's ValidationError;
// empty key values and sizes are the request's (transactWriteItems.test.ts).
void bind_write_action(Engine& engine, WriteAction& action, const RequestContext& context) {
  Request request(action.body, context);
  action.table = require_table(engine, request.table_name());
  if (action.kind == WriteAction::Kind::Put) {
    if (ItemTypeError e = item_type_error(*action.table, action.item)) {
      action.invalid = e.message;
    } else {
      check_item_values(*action.table, action.item, ItemSource::kPut);
    }
    action.key = key_of(action.item, action.table->key);
  } else {
    bool mismatch = false;
    action.key = check_key(*action.table, std::move(action.key), &mismatch);
    if (mismatch) action.invalid = "The provided key element does not match the schema";
  }
  for (const auto& u : action.updates) {
    const std::string& top = u.path.elements[0].name;
    if (top == action.table->key.hash ||
        (action.table->key.range && top == *action.table->key.range)) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Cannot update attribute " + top +
          ". This attribute is part of the key");
    }
  }
  if (action.invalid.empty()) action.storage_key = storage_key(*action.table, action.key);
}

uint64_t hash_text(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string transact_write_items(Engine& engine, const Request& request) {
  simdjson::dom::array items = read_transact_items(request);
  std::string capacity_mode = request.return_consumed_capacity();
  auto token = request.string("ClientRequestToken");
  if (token && (token->empty() || token->size() > 36)) {
    ConstraintErrors errors;
    errors.add(*token, "clientRequestToken",
               token->empty() ? "Member must have length greater than or equal to 1"
                              : "Member must have length less than or equal to 36");
    errors.throw_if_any();
  }

  std::vector<WriteAction> actions;
  size_t total_bytes = 0;
  std::set<std::pair<const TableDef*, std::string>> items_seen;
  bool invalid = false;
  for (auto entry : items) actions.push_back(parse_write_action(entry, request.context()));
  for (WriteAction& a : actions) {
    bind_write_action(engine, a, request.context());
    invalid |= !a.invalid.empty();
    if (a.invalid.empty() && !items_seen.emplace(a.table.get(), a.storage_key).second) {
      throw ApiError::validation(
          "Transaction request cannot include multiple operations on one item");
    }
    // The payload is what the request carries: a Put's item, the others' key, and the values of
    // their expressions; the items a Delete or an Update meets are not counted, so deleting 5 MB
    // of items with a small request is allowed. Refused once the running sum passes 4 MB, with
    // the sum so far, in DynamoDB Local's words (TransactionWriteProcessor; DynamoDB's developer
    // guide: "The aggregate size of the items in the transaction cannot exceed 4 MB").
    total_bytes += item_size(a.kind == WriteAction::Kind::Put ? a.item : a.key);
    total_bytes += item_size(a.refs.values);
    if (total_bytes > kMaxTransactionBytes) {
      throw ApiError::validation("Transaction payload size cannot exceed 4MB. Payload Size: " +
                                 std::to_string(total_bytes));
    }
  }
  if (invalid) {
    std::vector<CancellationReason> reasons(actions.size());
    for (size_t i = 0; i < actions.size(); ++i) {
      if (actions[i].invalid.empty()) continue;
      reasons[i].code = "ValidationError";
      reasons[i].message = actions[i].invalid;
    }
    throw ApiError::transaction_canceled(std::move(reasons));
  }

  uint64_t request_hash = 0;
  std::optional<ClaimHold> token_claim;
  if (token) {
    request_hash = hash_text(simdjson::minify(request.body()));
    // One request per token at a time: a retry that arrives while the first still runs is told
    // so, rather than running the transaction twice. Checked for a stored result after the
    // claim, so a retry just after the first finished gets that result.
    token_claim = engine.claim_token(std::string(*token));
    if (!token_claim) throw ApiError::transaction_in_progress();
    if (auto previous =
            engine.find_idempotent(std::string(*token), Engine::kIdempotencyWindowSeconds)) {
      if (previous->request_hash != request_hash) throw ApiError::idempotent_parameter_mismatch();
      return previous->response;
    }
  }

  std::vector<WriteTarget> targets;
  for (const auto& a : actions) targets.push_back({a.table, a.storage_key});
  size_t conflict = 0;
  std::optional<MultiWrite> write = engine.begin_transaction(std::move(targets), &conflict);
  if (!write) {
    std::vector<CancellationReason> reasons(actions.size());
    reasons[conflict].code = "TransactionConflict";
    reasons[conflict].message = "Transaction is ongoing for the item";
    throw ApiError::transaction_canceled(std::move(reasons));
  }

  std::vector<CancellationReason> reasons(actions.size());
  bool failed = false;
  std::vector<std::optional<Item>> results(actions.size());
  for (size_t i = 0; i < actions.size(); ++i) {
    WriteAction& a = actions[i];
    const PriorItem& prior = write->prior(i);
    if (!condition_holds(a.condition, prior, a.refs)) {
      reasons[i].code = "ConditionalCheckFailed";
      reasons[i].message = "The conditional request failed";
      if (a.condition.return_old_on_failure && prior.exists) reasons[i].item = prior.item;
      failed = true;
      continue;
    }
    try {
      if (a.kind == WriteAction::Kind::Put) {
        results[i] = a.item;
      } else if (a.kind == WriteAction::Kind::Update &&
                 (prior.exists || expr::creates_missing_item(a.updates))) {
        results[i] = expr::apply_update(a.updates, prior.exists ? prior.item : a.key, a.refs);
        if (ItemTypeError e = item_type_error(*a.table, *results[i])) {
          throw ApiError::validation(e.message);
        }
        // An update's size depends on the stored item, so it is the action's failure, a
        // cancellation (a Put's is known from the request alone, and refused before):
        // itemSizeBySurface.test.ts, eu-west-2, 2026-08-18.
        check_item_size(*results[i], ItemSource::kUpdate);
      }
    } catch (const ApiError& e) {
      reasons[i].code = "ValidationError";
      reasons[i].message = e.message();
      failed = true;
      continue;
    }
    // An emptied index key is the request's error, not the action's (transactWriteItems.test.ts).
    if (a.kind == WriteAction::Kind::Update && results[i]) {
      check_item_values(*a.table, *results[i], ItemSource::kUpdate);
    }
  }
  if (failed) throw ApiError::transaction_canceled(std::move(reasons));

  std::map<const TableDef*, Capacity> capacities;
  for (size_t i = 0; i < actions.size(); ++i) {
    const WriteAction& a = actions[i];
    auto [it, _] = capacities.emplace(a.table.get(), Capacity(*a.table, capacity_mode));
    // Every action of a transaction costs twice a standard write of its item.
    // An update that only removes, of an item that is not there, writes nothing either.
    bool writes_nothing = !write->prior(i).exists && !results[i];
    if (a.kind == WriteAction::Kind::ConditionCheck || writes_nothing) {
      it->second.add_table(2 * write_units(write->prior(i).size));
      continue;
    }
    WriteFootprint footprint;
    write->stage(i, results[i] ? &*results[i] : nullptr, &footprint);
    it->second.add_write(footprint);
    it->second.add_write(footprint);
  }
  common::JsonWriter out;
  out.begin_object();
  write_capacity_list(out, capacity_mode, capacities);
  out.end_object();
  std::string response = out.take();
  if (token) write->stage_idempotent(std::string(*token), request_hash, response);
  write->commit();
  return response;
}

std::string transact_get_items(Engine& engine, const Request& request) {
  simdjson::dom::array items = read_transact_items(request);
  std::string capacity_mode = request.return_consumed_capacity();
  struct GetAction {
    std::shared_ptr<const TableDef> table;
    std::string storage_key;
    std::vector<expr::Path> projection;
  };
  std::vector<GetAction> gets;
  std::vector<std::string> invalid;  // per action, when one is
  std::set<std::pair<const TableDef*, std::string>> seen;
  for (auto entry : items) {
    simdjson::dom::element e;
    if (json_object(entry).at_key("Get").get(e) || e.is_null()) {
      throw ApiError::validation("TransactItems can only contain Get");
    }
    Request get(json_object(e), request.context());
    GetAction action;
    action.table = require_table(engine, get.table_name());
    // Key is required (the model stage); one that does not match the schema is the action's
    // ValidationError (nubo-db/dynamodb-conformance, transactGetItems.test.ts).
    bool mismatch = false;
    Item key = read_key(*action.table, get.body()["Key"], &mismatch);
    if (mismatch) {
      invalid.resize(gets.size() + 1);
      invalid.back() = "The provided key element does not match the schema";
    } else {
      action.storage_key = storage_key(*action.table, key);
      if (!seen.emplace(action.table.get(), action.storage_key).second) {
        throw ApiError::validation(
            "Transaction request cannot include multiple operations on one item");
      }
    }
    expr::AttributeRefs refs;
    get.read_attribute_refs(&refs);
    action.projection = read_projection(get, refs);
    refs.check_all_used();
    gets.push_back(std::move(action));
  }
  if (!invalid.empty()) {
    std::vector<CancellationReason> reasons(gets.size());
    for (size_t i = 0; i < invalid.size(); ++i) {
      if (invalid[i].empty()) continue;
      reasons[i].code = "ValidationError";
      reasons[i].message = invalid[i];
    }
    throw ApiError::transaction_canceled(std::move(reasons));
  }
  std::vector<CancellationReason> reasons(gets.size());
  bool conflict = false;
  for (size_t i = 0; i < gets.size(); ++i) {
    if (engine.claimed_by_transaction(gets[i].storage_key)) {
      reasons[i].code = "TransactionConflict";
      reasons[i].message = "Transaction is ongoing for the item";
      conflict = true;
    }
  }
  if (conflict) throw ApiError::transaction_canceled(std::move(reasons));

  ReadSnapshot snapshot = engine.snapshot();
  std::map<const TableDef*, Capacity> capacities;
  common::JsonWriter out;
  out.begin_object();
  out.key("Responses");
  out.begin_array();
  for (const auto& g : gets) {
    auto [it, _] = capacities.emplace(g.table.get(), Capacity(*g.table, capacity_mode));
    Item item;
    out.begin_object();
    if (engine.get(g.storage_key, &item, &snapshot)) {
      it->second.add_table(2 * read_units(item_size(item), true));
      out.key("Item");
      encode_item(out, g.projection.empty() ? item : expr::project(item, g.projection));
    } else {
      it->second.add_table(2 * read_units(0, true));
    }
    out.end_object();
  }
  out.end_array();
  write_capacity_list(out, capacity_mode, capacities);
  out.end_object();
  return out.take();
}

}  // namespace ddb
