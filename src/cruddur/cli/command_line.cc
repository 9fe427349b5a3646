#include "cruddur/cli/command_line.h"

#include <iostream>
#include <string>

namespace cruddur {

bool commands_known(CLI::App& app, int argc, char** argv) {
  CLI::App* at = &app;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.rfind("-", 0) == 0) {
      // An option that takes a value takes the next word too, unless written --name=value.
      const CLI::Option* option = at->get_option_no_throw(word.substr(0, word.find('=')));
      if (option && option->get_expected_min() > 0 && word.find('=') == std::string::npos) ++i;
      continue;
    }
    CLI::App* command = nullptr;
    for (CLI::App* sub : at->get_subcommands({})) {
      if (sub->check_name(word)) command = sub;
    }
    if (command) {
      at = command;
      continue;
    }
    if (at->get_require_subcommand_min() == 0) return true;  // an argument, such as a TABLE
    std::string names;
    for (const CLI::App* sub : at->get_subcommands({})) {
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    std::cerr << "cruddur: unknown command \"" << word << "\" (commands: " << names << ")\n";
    return false;
  }
  return true;
}

}  // namespace cruddur
