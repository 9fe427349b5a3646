// Cruddur's times: fixed-width UTC timestamps that sort as text (every row's sk), and the same
// time as people read it.
#pragma once

#include <chrono>
#include <string>

namespace cruddur {

// "2026-11-25T22:11:26.123456+00:00": sorts as text in time order.
std::string utc_timestamp(std::chrono::system_clock::time_point time);
// The same time in the local time zone, as people read it: "2026-11-25 10:11 PM".
std::string local_time(const std::string& utc_timestamp);

}  // namespace cruddur
