// Applying an UpdateExpression's actions to an item, as DynamoDB does: every operand is read
// from the item as it was before the update; SET writes paths (creating map members, appending
// past the end of a list), REMOVE deletes (list elements shift), ADD adds numbers or set members,
// DELETE removes set members.
#pragma once

#include <vector>

#include "ddb/expr/ast.h"
#include "ddb/expr/attribute_refs.h"
#include "ddb/value/attribute_value.h"

namespace ddb::expr {

// Returns the updated item. Throws ApiError (ValidationException) for an invalid path or an
// operand of the wrong type; `item` is unchanged then.
Item apply_update(const std::vector<UpdateAction>& actions, const Item& item, AttributeRefs& refs);

// Whether the update creates an item that does not exist: one with no actions does (the item
// gets only its key), and so does one that sets or adds something; one that only removes
// attributes or deletes set members does not (REMOVE a, or AttributeUpdates' DELETE).
bool creates_missing_item(const std::vector<UpdateAction>& actions);

}  // namespace ddb::expr
