// The Query requests of Cruddur's access patterns, as DynamoDB JSON request bodies: shared by the
// API's store, the operator commands and the stream consumer.
#pragma once

#include <cstdint>
#include <string>

namespace cruddur {

// One partition, newest first: at most `limit` rows (0: no limit), after `exclusive_start_key`
// (a DynamoDB JSON key; empty: from the start).
std::string newest_first_query(const std::string& table, const std::string& pk, int64_t limit,
                               const std::string& exclusive_start_key = "");

// The GetItem (consistent) of the pair marker of two users: its `group_uuid` is their
// conversation.
std::string pair_marker_get(const std::string& table, const std::string& user_a,
                            const std::string& user_b);

// A conversation's inbox rows (one per member), through the message-group GSI.
std::string group_members_query(const std::string& table, const std::string& group_uuid);

}  // namespace cruddur
