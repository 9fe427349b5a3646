// UsersDirectory on PostgreSQL (libpqxx): the seed's own users table, selected by CONNECTION_URL.
#include <pqxx/pqxx>
#include <stdexcept>

#include "cruddur/store/users.h"

namespace cruddur {

namespace {

// libpq's messages span lines; one line reads better in a command's error.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

class PostgresUsers : public UsersDirectory {
 public:
  explicit PostgresUsers(const std::string& url) try : connection_(url) {
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot connect to PostgreSQL (CONNECTION_URL): " +
                             one_line(e.what()));
  }

  void create_schema() override {
    run([&](pqxx::work& w) {
      w.exec(
          "CREATE TABLE IF NOT EXISTS users (uuid uuid PRIMARY KEY, display_name text NOT NULL, "
          "handle text UNIQUE NOT NULL, email text UNIQUE NOT NULL, cognito_user_id text UNIQUE "
          "NOT NULL, created_at timestamp DEFAULT current_timestamp NOT NULL)");
    });
  }

  void upsert(const User& user) override {
    run([&](pqxx::work& w) {
      w.exec_params(
          "INSERT INTO users (uuid, display_name, handle, email, cognito_user_id) "
          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (handle) DO UPDATE SET "
          "display_name = EXCLUDED.display_name, email = EXCLUDED.email, "
          "cognito_user_id = EXCLUDED.cognito_user_id",
          user.uuid, user.display_name, user.handle, user.email, user.cognito_user_id);
    });
  }

  std::optional<User> find_by_handle(const std::string& handle) override {
    return find_one("lower(handle) = lower($1)", handle_key(handle));
  }
  std::optional<User> find_by_uuid(const std::string& uuid) override {
    return find_one("uuid::text = $1", uuid);
  }
  std::optional<User> find_by_cognito_user_id(const std::string& sub) override {
    return find_one("cognito_user_id = $1", sub);
  }

  bool set_cognito_user_id(const std::string& handle, const std::string& sub) override {
    bool changed = false;
    run([&](pqxx::work& w) {
      changed =
          w.exec_params("UPDATE users SET cognito_user_id = $1 WHERE handle = $2", sub, handle)
              .affected_rows() > 0;
    });
    return changed;
  }

  std::vector<User> all() override {
    std::vector<User> users;
    run([&](pqxx::work& w) {
      for (const auto& row : w.exec(std::string(kSelect) + " ORDER BY handle")) {
        users.push_back(to_user(row));
      }
    });
    return users;
  }

 private:
  static constexpr const char* kSelect =
      "SELECT uuid::text, display_name, handle, email, cognito_user_id FROM users";

  static User to_user(const pqxx::row& row) {
    return User{row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()};
  }

  std::optional<User> find_one(const char* where, const std::string& value) {
    std::optional<User> user;
    run([&](pqxx::work& w) {
      pqxx::result r = w.exec_params(std::string(kSelect) + " WHERE " + where, value);
      if (!r.empty()) user = to_user(r[0]);
    });
    return user;
  }

  template <typename Body>
  void run(Body body) {
    try {
      pqxx::work w(connection_);
      body(w);
      w.commit();
    } catch (const pqxx::sql_error& e) {
      throw std::runtime_error("users database: " + one_line(e.what()));
    } catch (const pqxx::broken_connection& e) {
      throw std::runtime_error("users database: lost the connection: " + one_line(e.what()));
    }
  }

  pqxx::connection connection_;
};

}  // namespace

std::unique_ptr<UsersDirectory> open_postgres_users(const std::string& url) {
  return std::make_unique<PostgresUsers>(url);
}

}  // namespace cruddur
