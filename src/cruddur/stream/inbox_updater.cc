#include "cruddur/stream/inbox_updater.h"

#include <algorithm>
#include <map>
#include <vector>

#include "cruddur/model/rows.h"
#include "cruddur/store/string_item.h"

namespace cruddur {

int InboxUpdater::handle_batch(simdjson::dom::array records) {
  // Every message of each conversation in the batch, in time order: the newest moves the inbox
  // rows, each one from the other member counts once toward a row's unread messages.
  std::map<std::string, std::vector<DeliveredMessage>> by_group;
  for (simdjson::dom::element record : records) {
    std::string_view event;
    if (record["eventName"].get(event) || event != "INSERT") continue;
    simdjson::dom::element image;
    if (record["dynamodb"]["NewImage"].get(image)) continue;
    std::string pk = string_attribute(image, attr::kPk);
    if (pk.rfind(kMessagePkPrefix, 0) != 0) continue;
    std::string group = pk.substr(std::string_view(kMessagePkPrefix).size());
    std::string_view sequence;
    if (record["dynamodb"]["SequenceNumber"].get(sequence)) sequence = "";
    by_group[group].push_back({string_attribute(image, attr::kSk),
                               string_attribute(image, attr::kMessage),
                               string_attribute(image, attr::kUserHandle), std::string(sequence),
                               string_attribute(image, attr::kMessageUuid),
                               string_attribute(image, attr::kUserDisplayName)});
  }
  int moved = 0;
  for (auto& [group, delivered] : by_group) {
    std::sort(delivered.begin(), delivered.end(),
              [](const auto& a, const auto& b) { return a.time < b.time; });
    InboxChanges changes;
    moved += table_.move_inboxes(group, delivered, observer_ ? &changes : nullptr);
    if (!observer_) continue;
    if (!changes.changed.empty()) observer_->inbox_rows_changed(changes.changed);
    for (const auto& message : delivered) {
      observer_->message_delivered(group, changes.members, message);
    }
    for (const auto& [owner, unread] : changes.unread) {
      observer_->unread_changed(table_, owner, group, unread);
    }
  }
  return moved;
}

}  // namespace cruddur
