#include "cruddur/cli/db_commands.h"

#include <simdjson.h>

#include <ctime>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "common/json_writer.h"
#include "cruddur/auth/jwt.h"

namespace cruddur {

void db_setup(UsersDirectory& users, bool json) {
  users.create_schema();
  db_seed(users, false, json);
}

void db_seed(UsersDirectory& users, bool keep_existing, bool json) {
  users.create_schema();
  for (const auto& user : seed_users()) {
    if (!keep_existing || !users.find_by_handle(user.handle)) users.upsert(user);
  }
  common::JsonWriter w;
  w.begin_array();
  for (const auto& user : users.all()) {
    if (!json) {
      std::cout << user.handle << "  " << user.display_name << "  " << user.uuid << "\n";
      continue;
    }
    w.begin_object();
    for (auto [name, value] :
         {std::pair{"handle", &user.handle}, std::pair{"display_name", &user.display_name},
          std::pair{"uuid", &user.uuid}}) {
      w.key(name);
      w.string(*value);
    }
    w.end_object();
  }
  w.end_array();
  if (json) std::cout << w.str() << "\n";
}

void dev_token(UsersDirectory& users, const std::string& dev_key_path, const std::string& handle,
               bool json) {
  auto user = users.find_by_handle(handle);
  if (!user) throw std::runtime_error("unknown handle @" + handle);
  std::filesystem::create_directories(std::filesystem::path(dev_key_path).parent_path());
  DevIssuer issuer(dev_key_path);
  std::string token = issuer.sign(user->cognito_user_id, user->handle, std::time(nullptr));
  if (!json) {
    std::cout << token << "\n";
    return;
  }
  common::JsonWriter w;
  w.begin_object();
  w.key("access_token");
  w.string(token);
  w.end_object();
  std::cout << w.str() << "\n";
}

void db_update_cognito_user_ids(UsersDirectory& users, aws::JsonClient& cognito,
                                const std::string& user_pool_id, bool json) {
  common::JsonWriter updates;  // the JSON form, printed whole at the end
  updates.begin_array();
  simdjson::dom::parser parser;
  std::string token;
  size_t updated = 0;
  do {
    common::JsonWriter w;
    w.begin_object();
    w.key("UserPoolId");
    w.string(user_pool_id);
    if (!token.empty()) {
      w.key("PaginationToken");
      w.string(token);
    }
    w.end_object();
    simdjson::dom::element page = parser.parse(cognito.call("ListUsers", w.take()));
    simdjson::dom::array list;
    if (!page["Users"].get(list)) {
      for (simdjson::dom::element user : list) {
        std::string handle, sub;
        simdjson::dom::array attributes;
        if (user["Attributes"].get(attributes)) continue;
        for (simdjson::dom::element a : attributes) {
          std::string_view name, value;
          if (a["Name"].get(name) || a["Value"].get(value)) continue;
          if (name == "preferred_username") handle = value;
          if (name == "sub") sub = value;
        }
        if (handle.empty() || sub.empty()) continue;
        if (users.set_cognito_user_id(handle, sub)) {
          if (json) {
            updates.begin_object();
            updates.key("handle");
            updates.string(handle);
            updates.key("cognito_user_id");
            updates.string(sub);
            updates.end_object();
          } else {
            std::cout << handle << "  " << sub << "\n";
          }
          ++updated;
        }
      }
    }
    std::string_view next;
    token = page["PaginationToken"].get(next) ? "" : std::string(next);
  } while (!token.empty());
  updates.end_array();
  if (json)
    std::cout << updates.str() << "\n";
  else
    std::cout << updated << " user" << (updated == 1 ? "" : "s") << " updated\n";
}

}  // namespace cruddur
