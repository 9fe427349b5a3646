#include "aws/credentials.h"

#include <cstdlib>
#include <fstream>
#include <map>

namespace aws {

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string home_file(const char* override_variable, const char* relative) {
  std::string path = env(override_variable);
  if (!path.empty()) return path;
  std::string home = env("HOME");
  return home.empty() ? "" : home + "/" + relative;
}

std::string trim(const std::string& s) {
  size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

// The keys of one [section] of an INI-style AWS file.
std::map<std::string, std::string> read_section(const std::string& path,
                                                const std::string& section) {
  std::map<std::string, std::string> values;
  std::ifstream in(path);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      inside = trim(line.substr(1, line.size() - 2)) == section;
      continue;
    }
    size_t eq = line.find('=');
    if (inside && eq != std::string::npos)
      values[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return values;
}

std::string profile() {
  std::string name = env("AWS_PROFILE");
  return name.empty() ? "default" : name;
}

}  // namespace

std::optional<Credentials> resolve_credentials() {
  Credentials c;
  c.access_key = env("AWS_ACCESS_KEY_ID");
  c.secret_key = env("AWS_SECRET_ACCESS_KEY");
  c.session_token = env("AWS_SESSION_TOKEN");
  if (!c.access_key.empty() && !c.secret_key.empty()) return c;
  auto section =
      read_section(home_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"), profile());
  if (section.count("aws_access_key_id") && section.count("aws_secret_access_key")) {
    return Credentials{section["aws_access_key_id"], section["aws_secret_access_key"],
                       section["aws_session_token"]};
  }
  return std::nullopt;
}

std::string resolve_region() {
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    std::string region = env(name);
    if (!region.empty()) return region;
  }
  std::string name = profile();
  auto section = read_section(home_file("AWS_CONFIG_FILE", ".aws/config"),
                              name == "default" ? name : "profile " + name);
  if (section.count("region")) return section["region"];
  return "us-east-1";
}

}  // namespace aws
