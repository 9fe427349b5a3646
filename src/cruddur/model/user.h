// A Cruddur user, as the users directory keeps it and as rows name their members.
#pragma once

#include <string>

namespace cruddur {

struct User {
  std::string uuid;
  std::string display_name;
  std::string handle;
  std::string email;
  std::string cognito_user_id;
};

}  // namespace cruddur
