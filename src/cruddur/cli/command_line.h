// Checks of the command line that CLI11 does not make as a user expects.
#pragma once

#include <CLI/CLI.hpp>

namespace cruddur {

// Names the first word that is not a command where one is required ("cruddur frobnicate",
// "cruddur ddb frobnicate") on stderr, with the commands there are, rather than CLI11's "A
// subcommand is required". Returns false when it did.
bool commands_known(CLI::App& app, int argc, char** argv);

}  // namespace cruddur
