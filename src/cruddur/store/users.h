// The users directory: Cruddur's users (uuid, display name, handle, email, Cognito user id).
// One interface, two backends: PostgreSQL when CONNECTION_URL is set (as in the original app),
// else SQLite, the embedded default (a file in the data directory).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cruddur/model/user.h"

namespace cruddur {

class UsersDirectory {
 public:
  virtual ~UsersDirectory() = default;
  // Creates the users table if it is missing.
  virtual void create_schema() = 0;
  // Inserts the user, or updates the one with the same handle.
  virtual void upsert(const User& user) = 0;
  // Handles match case-insensitively, with or without a leading '@' (see handle_key()).
  virtual std::optional<User> find_by_handle(const std::string& handle) = 0;
  virtual std::optional<User> find_by_uuid(const std::string& uuid) = 0;
  virtual std::optional<User> find_by_cognito_user_id(const std::string& sub) = 0;
  virtual std::vector<User> all() = 0;
  // Sets the Cognito user id of the user with `handle`; false if there is no such user.
  virtual bool set_cognito_user_id(const std::string& handle, const std::string& sub) = 0;
};

// Opens (creating it if needed) the SQLite database at `path`. Throws std::runtime_error.
std::unique_ptr<UsersDirectory> open_sqlite_users(const std::string& path);
// Connects to PostgreSQL at `url`. Throws std::runtime_error with a one-line message.
std::unique_ptr<UsersDirectory> open_postgres_users(const std::string& url);
// PostgreSQL if the environment has CONNECTION_URL, else SQLite in `data_dir`.
std::unique_ptr<UsersDirectory> open_users(const std::string& data_dir);
// Where the SQLite users database of `data_dir` lives.
std::string sqlite_users_path(const std::string& data_dir);

// A handle as typed ("@AndrewBrown ") as the users directory looks it up: without white space
// around it or one leading '@'. Comparisons of handles then ignore ASCII case.
std::string handle_key(std::string_view handle);
// Whether two handles name the same user.
bool same_handle(std::string_view a, std::string_view b);

// The demo users: andrewbrown, bayko, londo.
std::vector<User> seed_users();

}  // namespace cruddur
