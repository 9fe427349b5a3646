#include "cruddur/cli/db_commands.h"

#include <iostream>

namespace cruddur {

void db_setup(UsersDirectory& users) {
  users.create_schema();
  db_seed(users);
}

void db_seed(UsersDirectory& users) {
  users.create_schema();
  for (const auto& user : seed_users()) users.upsert(user);
  for (const auto& user : users.all()) {
    std::cout << user.handle << "  " << user.display_name << "  " << user.uuid << "\n";
  }
}

}  // namespace cruddur
