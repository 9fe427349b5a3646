// The DynamoDB requests of Cruddur's table and access patterns, as DynamoDB JSON request bodies:
// the store sends them, and the operator commands that print DynamoDB's own answers.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <span>

#include <string>
#include <vector>

#include "cruddur/model/rows.h"

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

// CreateTable of the messages table: pk/sk strings, the message-group GSI, a NEW_IMAGE stream.
std::string create_messages_table_request(const std::string& table);

// BatchWriteItem putting up to 25 rows.
std::string put_rows_request(const std::string& table, std::span<const Attributes> rows);

// TransactWriteItems that moves an inbox row (`row`, as stored: DynamoDB JSON) to `time` and
// `message` from `sender_handle`, its unread count raised by `unread_increase`: the row at its
// old sk deleted on condition that it is still there with the count read, the moved row put.
std::string move_inbox_row_request(const std::string& table, simdjson::dom::element row,
                                   const std::string& time, const std::string& message,
                                   const std::string& sender_handle, int64_t unread_increase,
                                   const std::string& counted_through);
// UpdateItem raising an inbox row's unread count where it stands, on the same condition.
std::string count_unread_request(const std::string& table, simdjson::dom::element row,
                                 int64_t unread_increase, const std::string& counted_through);
// UpdateItem setting an inbox row's unread count to 0, on condition that the row is there.
std::string mark_read_request(const std::string& table, const std::string& pk,
                              const std::string& sk);

}  // namespace cruddur
