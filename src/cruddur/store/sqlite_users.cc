// UsersDirectory on SQLite: the embedded default.
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "common/ascii.h"
#include "cruddur/store/users.h"

namespace cruddur {

namespace {

class SqliteUsers : public UsersDirectory {
 public:
  explicit SqliteUsers(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open users database " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~SqliteUsers() override { sqlite3_close(db_); }

  void create_schema() override {
    exec(
        "CREATE TABLE IF NOT EXISTS users ("
        "uuid TEXT PRIMARY KEY, display_name TEXT NOT NULL, handle TEXT UNIQUE NOT NULL, "
        "email TEXT UNIQUE NOT NULL, cognito_user_id TEXT UNIQUE NOT NULL, "
        "created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))");
  }

  void upsert(const User& user) override {
    Statement s(db_,
                "INSERT INTO users (uuid, display_name, handle, email, cognito_user_id) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(handle) DO UPDATE SET "
                "display_name = excluded.display_name, email = excluded.email, "
                "cognito_user_id = excluded.cognito_user_id");
    s.bind(1, user.uuid).bind(2, user.display_name).bind(3, user.handle).bind(4, user.email);
    s.bind(5, user.cognito_user_id);
    s.step_done();
  }

  std::optional<User> find_by_handle(const std::string& handle) override {
    Statement s(db_, std::string(kSelect) + " WHERE lower(handle) = lower(?1)");
    s.bind(1, handle_key(handle));
    if (!s.step_row()) return std::nullopt;
    return s.user();
  }
  std::optional<User> find_by_uuid(const std::string& uuid) override {
    return find_one("uuid", uuid);
  }
  std::optional<User> find_by_cognito_user_id(const std::string& sub) override {
    return find_one("cognito_user_id", sub);
  }

  bool set_cognito_user_id(const std::string& handle, const std::string& sub) override {
    Statement s(db_, "UPDATE users SET cognito_user_id = ?1 WHERE handle = ?2");
    s.bind(1, sub).bind(2, handle);
    s.step_done();
    return sqlite3_changes(db_) > 0;
  }

  std::vector<User> all() override {
    Statement s(db_, std::string(kSelect) + " ORDER BY handle");
    std::vector<User> users;
    while (s.step_row()) users.push_back(s.user());
    return users;
  }

 private:
  static constexpr const char* kSelect =
      "SELECT uuid, display_name, handle, email, cognito_user_id FROM users";

  class Statement {
   public:
    Statement(sqlite3* db, const std::string& sql) : db_(db) {
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK) {
        throw std::runtime_error(std::string("users database: ") + sqlite3_errmsg(db));
      }
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement& bind(int index, const std::string& value) {
      sqlite3_bind_text(statement_, index, value.c_str(), static_cast<int>(value.size()),
                        SQLITE_TRANSIENT);
      return *this;
    }
    bool step_row() {
      int rc = sqlite3_step(statement_);
      if (rc == SQLITE_ROW) return true;
      if (rc != SQLITE_DONE)
        throw std::runtime_error(std::string("users database: ") + sqlite3_errmsg(db_));
      return false;
    }
    void step_done() {
      if (sqlite3_step(statement_) != SQLITE_DONE) {
        throw std::runtime_error(std::string("users database: ") + sqlite3_errmsg(db_));
      }
    }
    User user() const {
      auto text = [&](int column) {
        const unsigned char* v = sqlite3_column_text(statement_, column);
        return v ? std::string(reinterpret_cast<const char*>(v)) : std::string();
      };
      return User{text(0), text(1), text(2), text(3), text(4)};
    }

   private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
  };

  std::optional<User> find_one(const char* column, const std::string& value) {
    Statement s(db_, std::string(kSelect) + " WHERE " + column + " = ?1");
    s.bind(1, value);
    if (!s.step_row()) return std::nullopt;
    return s.user();
  }

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error("users database: " + message);
    }
  }

  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<UsersDirectory> open_sqlite_users(const std::string& path) {
  return std::make_unique<SqliteUsers>(path);
}

std::string handle_key(std::string_view handle) {
  size_t begin = handle.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  handle = handle.substr(begin, handle.find_last_not_of(" \t\r\n") - begin + 1);
  if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  return std::string(handle);
}

bool same_handle(std::string_view a, std::string_view b) {
  return common::iequals(handle_key(a), handle_key(b));
}

std::string sqlite_users_path(const std::string& data_dir) {
  return data_dir + "/users.sqlite3";
}

std::unique_ptr<UsersDirectory> open_users(const std::string& data_dir) {
  const char* url = std::getenv("CONNECTION_URL");
  if (url && *url) return open_postgres_users(url);
  return open_sqlite_users(sqlite_users_path(data_dir));
}

std::vector<User> seed_users() {
  return {
      {"7e1e3bc0-3a1d-4c8f-8f2a-1d5b6a2e0001", "Andrew Brown", "andrewbrown", "andrew@exampro.co",
       "mock-cognito-andrewbrown"},
      {"7e1e3bc0-3a1d-4c8f-8f2a-1d5b6a2e0002", "Andrew Bayko", "bayko", "bayko@exampro.co",
       "mock-cognito-bayko"},
      {"7e1e3bc0-3a1d-4c8f-8f2a-1d5b6a2e0003", "Londo Mollari", "londo", "lmollari@centari.com",
       "mock-cognito-londo"},
  };
}

}  // namespace cruddur
