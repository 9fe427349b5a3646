// Cruddur's single table: the one place that knows its key formats, attribute names and row
// shapes. Every row's attributes are strings.
//   message row:  pk MSG#<group uuid>   sk <created time>     message_uuid, message, user_uuid,
//                                                             user_display_name, user_handle
//                                                             (the sender)
//   inbox row:    pk GRP#<owner uuid>   sk <last message time> message_group_uuid, message,
//                                                             user_uuid, user_display_name,
//                                                             user_handle (the other member),
//                                                             last_sender_handle (of message)
//   pair marker:  pk PAIR#<lower uuid>#<higher uuid>  sk PAIR  group_uuid: one conversation per
//                                                             pair of users
// The GSI message-group-sk-index (message_group_uuid, sk) finds a conversation's inbox rows.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cruddur/model/user.h"

namespace cruddur {

// A row's attributes, in the order they are written.
using Attributes = std::vector<std::pair<std::string, std::string>>;

namespace attr {
constexpr const char* kPk = "pk";
constexpr const char* kSk = "sk";
constexpr const char* kMessageUuid = "message_uuid";
constexpr const char* kMessageGroupUuid = "message_group_uuid";
constexpr const char* kMessage = "message";
constexpr const char* kUserUuid = "user_uuid";
constexpr const char* kUserDisplayName = "user_display_name";
constexpr const char* kUserHandle = "user_handle";
constexpr const char* kGroupUuid = "group_uuid";                 // the pair marker's conversation
constexpr const char* kLastSenderHandle = "last_sender_handle";  // an inbox row's last message
constexpr const char* kUnread = "unread";  // an inbox row's count of the other's unread messages
// The stream sequence number of the last message an inbox row's count took in: a record
// delivered again is not counted twice, one committed late (an earlier time) is counted once.
constexpr const char* kCountedThrough = "counted_through";
}  // namespace attr

constexpr const char* kMessageGroupIndex = "message-group-sk-index";

std::string message_pk(const std::string& group_uuid);
std::string inbox_pk(const std::string& user_uuid);
std::string pair_pk(const std::string& user_a, const std::string& user_b);
constexpr const char* kPairSk = "PAIR";
constexpr const char* kMessagePkPrefix = "MSG#";
constexpr const char* kInboxPkPrefix = "GRP#";

// A message of `sender` in conversation `group` at `time`.
Attributes message_row(const std::string& group, const std::string& time,
                       const std::string& message_uuid, const User& sender,
                       const std::string& text);
// `owner`'s inbox row of conversation `group` with `other`, showing its last message, which
// `sender_handle` sent.
Attributes inbox_row(const User& owner, const User& other, const std::string& group,
                     const std::string& time, const std::string& text,
                     const std::string& sender_handle);
// The marker that gives two users their one conversation.
Attributes pair_marker_row(const std::string& user_a, const std::string& user_b,
                           const std::string& group);

}  // namespace cruddur
