// `cruddur db ...`: the users directory's operator commands (the seed's bin/db scripts).
#pragma once

#include "cruddur/store/users.h"

namespace cruddur {

// Creates the schema and loads the demo users.
void db_setup(UsersDirectory& users);
// Loads (or refreshes) the demo users.
void db_seed(UsersDirectory& users);

}  // namespace cruddur
