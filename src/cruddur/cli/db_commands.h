// `cruddur db ...`: the users directory's operator commands (the seed's bin/db scripts).
#pragma once

#include "aws/json_client.h"
#include "cruddur/store/users.h"

namespace cruddur {

// Each prints what it did, or with `json` the same as one JSON document, printed whole once the
// command has succeeded.

// Creates the schema and loads the demo users.
void db_setup(UsersDirectory& users, bool json = false);
// Loads (or refreshes) the demo users; with `keep_existing`, only those whose handle is missing.
void db_seed(UsersDirectory& users, bool keep_existing = false, bool json = false);
// Prints a development access token for the user with `handle`, signed with the dev issuer's
// key in `dev_key_path` (created if missing).
void dev_token(UsersDirectory& users, const std::string& dev_key_path, const std::string& handle,
               bool json = false);
// Sets each user's cognito_user_id to the `sub` of the Cognito user whose preferred_username is
// their handle, from the user pool's ListUsers (as the seed's update_cognito_user_ids did).
void db_update_cognito_user_ids(UsersDirectory& users, aws::JsonClient& cognito,
                                const std::string& user_pool_id, bool json = false);

}  // namespace cruddur
