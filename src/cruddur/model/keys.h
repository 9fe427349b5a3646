// The single-table design of CRUDDUR.md: row keys and fixed-width UTC timestamps.
//   inbox row:   pk GRP#<owner uuid>, sk <last message time>, message_group_uuid, ...
//   message row: pk MSG#<group uuid>, sk <created time>, message_uuid, ...
//   pair marker: pk PAIR#<lower uuid>#<higher uuid>, sk PAIR, group_uuid: one conversation per pair
#pragma once

#include <chrono>
#include <string>

namespace cruddur {

std::string message_pk(const std::string& group_uuid);
std::string inbox_pk(const std::string& user_uuid);
std::string pair_pk(const std::string& user_a, const std::string& user_b);
constexpr const char* kPairSk = "PAIR";

// "2026-11-25T22:11:26.123456+00:00": sorts as text in time order.
std::string utc_timestamp(std::chrono::system_clock::time_point time);
// The same time in the local time zone, as people read it: "2026-11-25 10:11 PM".
std::string local_time(const std::string& utc_timestamp);

}  // namespace cruddur
