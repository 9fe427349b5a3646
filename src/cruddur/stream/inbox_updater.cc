#include "cruddur/stream/inbox_updater.h"

#include <map>

#include "cruddur/model/rows.h"
#include "cruddur/store/string_item.h"

namespace cruddur {

int InboxUpdater::handle_batch(simdjson::dom::array records) {
  // Only the newest message of each conversation in the batch matters.
  struct Latest {
    std::string time, text, sender_handle;
  };
  std::map<std::string, Latest> newest;  // by group
  for (simdjson::dom::element record : records) {
    std::string_view event;
    if (record["eventName"].get(event) || event != "INSERT") continue;
    simdjson::dom::element image;
    if (record["dynamodb"]["NewImage"].get(image)) continue;
    std::string pk = string_attribute(image, attr::kPk);
    if (pk.rfind(kMessagePkPrefix, 0) != 0) continue;
    std::string group = pk.substr(std::string_view(kMessagePkPrefix).size());
    std::string time = string_attribute(image, attr::kSk);
    auto& slot = newest[group];
    if (time > slot.time) {
      slot = {time, string_attribute(image, attr::kMessage),
              string_attribute(image, attr::kUserHandle)};
    }
  }
  int moved = 0;
  for (const auto& [group, latest] : newest)
    moved += table_.move_inboxes(group, latest.time, latest.text, latest.sender_handle);
  return moved;
}

}  // namespace cruddur
