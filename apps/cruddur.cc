// cruddur: the messaging app's command line. See `cruddur --help`.
#include <curl/curl.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "aws/credentials.h"
#include "aws/dynamodb_client.h"
#include "cruddur/cli/ddb_commands.h"

int main(int argc, char** argv) {
  CLI::App app{"cruddur: the Cruddur messaging app and its operator commands"};
  app.require_subcommand(1);
  std::string endpoint = "http://localhost:8000";
  std::string table = "cruddur-messages";
  bool json = false;
  // Options shared by every command, accepted before or after the subcommand.
  auto shared = [&](CLI::App* command) {
    command->add_option("--ddb-endpoint", endpoint,
                        "DynamoDB endpoint URL, or 'prod' for AWS (default http://localhost:8000)");
    command->add_option("--table", table, "messages table (default cruddur-messages)");
    command->add_flag("--json", json, "print the raw JSON answers, for scripts");
  };
  shared(&app);
  CLI::App* ddb = app.add_subcommand("ddb", "the messages table in DynamoDB");
  ddb->require_subcommand(1);
  shared(ddb);
  std::string drop_name;
  CLI::App* schema_load = ddb->add_subcommand("schema-load", "create the messages table");
  CLI::App* list = ddb->add_subcommand("list-tables", "list the tables of the endpoint");
  CLI::App* drop = ddb->add_subcommand("drop", "delete a table");
  drop->add_option("TABLE", drop_name, "the table to delete")->required();
  CLI::App* scan = ddb->add_subcommand("scan", "print every item of the messages table");
  for (CLI::App* command : {schema_load, list, drop, scan}) shared(command);
  CLI11_PARSE(app, argc, argv);

  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    aws::ClientOptions options;
    options.region = aws::resolve_region();
    options.endpoint = endpoint == "prod" ? "" : endpoint;
    auto credentials = aws::resolve_credentials();
    if (!credentials) {
      if (endpoint == "prod") throw std::runtime_error("no AWS credentials found");
      credentials = aws::Credentials{"local", "local", ""};  // a local endpoint accepts any
    }
    options.credentials = *credentials;
    aws::DynamoDBClient client(options);
    cruddur::DdbContext context{client, table, json};
    if (*schema_load)
      cruddur::schema_load(context);
    else if (*list)
      cruddur::list_tables(context);
    else if (*drop)
      cruddur::drop_table(context, drop_name);
    else if (*scan)
      cruddur::scan_table(context);
  } catch (const aws::AwsError& e) {
    std::cerr << "cruddur: " << e.type() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cruddur: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
