#include "cruddur/model/rows.h"

namespace cruddur {

std::string message_pk(const std::string& group_uuid) {
  return kMessagePkPrefix + group_uuid;
}

std::string inbox_pk(const std::string& user_uuid) {
  return kInboxPkPrefix + user_uuid;
}

std::string pair_pk(const std::string& user_a, const std::string& user_b) {
  return user_a < user_b ? "PAIR#" + user_a + "#" + user_b : "PAIR#" + user_b + "#" + user_a;
}

Attributes message_row(const std::string& group, const std::string& time,
                       const std::string& message_uuid, const User& sender,
                       const std::string& text) {
  return {{attr::kPk, message_pk(group)},     {attr::kSk, time},
          {attr::kMessageUuid, message_uuid}, {attr::kMessage, text},
          {attr::kUserUuid, sender.uuid},     {attr::kUserDisplayName, sender.display_name},
          {attr::kUserHandle, sender.handle}};
}

Attributes inbox_row(const User& owner, const User& other, const std::string& group,
                     const std::string& time, const std::string& text,
                     const std::string& sender_handle) {
  return {{attr::kPk, inbox_pk(owner.uuid)}, {attr::kSk, time},
          {attr::kMessageGroupUuid, group},  {attr::kMessage, text},
          {attr::kUserUuid, other.uuid},     {attr::kUserDisplayName, other.display_name},
          {attr::kUserHandle, other.handle}, {attr::kLastSenderHandle, sender_handle}};
}

Attributes pair_marker_row(const std::string& user_a, const std::string& user_b,
                           const std::string& group) {
  return {{attr::kPk, pair_pk(user_a, user_b)}, {attr::kSk, kPairSk}, {attr::kGroupUuid, group}};
}

}  // namespace cruddur
