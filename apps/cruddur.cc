// cruddur: the messaging app's command line. See `cruddur --help`. Each command is a CLI11
// subcommand whose callback opens only what that command uses (cruddur/cli/).
#include <CLI/CLI.hpp>

#include <iostream>

#include "aws/credentials.h"
#include "cruddur/cli/command_line.h"
#include "cruddur/cli/db_commands.h"
#include "cruddur/cli/ddb_commands.h"
#include "cruddur/cli/serve_command.h"
#include "cruddur/cli/settings.h"
#include "cruddur/cli/stream_commands.h"
#include "net/http_client.h"

namespace {

using cruddur::Settings;

// The options every command accepts, before or after its name.
void add_shared_options(CLI::App* command, Settings& settings) {
  command->add_option("--ddb-endpoint", settings.endpoint,
                      "DynamoDB endpoint URL, or 'prod' for AWS (default http://localhost:8000)");
  command->add_option("--table", settings.table, "messages table (default cruddur-messages)");
  command->add_flag("--json", settings.json, "print the raw JSON answers, for scripts");
  command->add_option("--data-dir", settings.data_dir,
                      "the app's local data: SQLite users (default ./data/cruddur)");
}

// A command that runs against the messages table.
void ddb_command(CLI::App* parent, Settings& settings, const char* name, const char* help,
                 std::function<void(cruddur::DdbContext&)> run, CLI::App** made = nullptr) {
  CLI::App* command = parent->add_subcommand(name, help);
  add_shared_options(command, settings);
  command->callback([&settings, run] {
    aws::JsonClient client(settings.dynamodb());
    cruddur::DdbContext context{client, settings.table, settings.json, nullptr};
    try {
      run(context);
    } catch (const aws::AwsError& e) {
      if (e.type() != "ResourceNotFoundException") throw;
      throw std::runtime_error("table \"" + settings.table + "\" does not exist at " +
                               client.endpoint());
    }
  });
  if (made) *made = command;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cruddur: the Cruddur messaging app and its operator commands"};
  app.require_subcommand(1);
  Settings settings = Settings::from_environment();
  add_shared_options(&app, settings);
  auto command = [&](CLI::App* parent, const char* name, const char* help) {
    CLI::App* made = parent->add_subcommand(name, help);
    add_shared_options(made, settings);
    return made;
  };
  const char* poll_help =
      "milliseconds between polls of an idle stream (default 100 locally, 250 against AWS)";

  // --- ddb: the messages table in DynamoDB ---
  CLI::App* ddb = command(&app, "ddb", "the messages table in DynamoDB");
  ddb->require_subcommand(1);
  ddb_command(ddb, settings, "schema-load", "create the messages table", cruddur::schema_load);
  ddb_command(ddb, settings, "list-tables", "list the tables of the endpoint",
              cruddur::list_tables);
  std::string drop_name, group = cruddur::kDemoGroup, handle;
  CLI::App* drop = nullptr;
  ddb_command(
      ddb, settings, "drop", "delete a table",
      [&](cruddur::DdbContext& c) { cruddur::drop_table(c, drop_name); }, &drop);
  drop->add_option("TABLE", drop_name, "the table to delete")->required();
  ddb_command(ddb, settings, "scan", "print every item of the messages table", cruddur::scan_table);
  // The commands that name users open the users directory too.
  auto with_users = [&](auto run) {
    return [&settings, run](cruddur::DdbContext& c) {
      auto users = settings.existing_users();
      c.users = users.get();
      run(c);
    };
  };
  ddb_command(ddb, settings, "seed", "write the demo conversation (needs db setup)",
              with_users([](cruddur::DdbContext& c) { cruddur::seed_conversation(c); }));
  CLI::App* get_conversation = nullptr;
  ddb_command(
      ddb, settings, "get-conversation", "the newest 20 messages of a conversation",
      [&](cruddur::DdbContext& c) { cruddur::get_conversation(c, group); }, &get_conversation);
  get_conversation->add_option("GROUP", group, "the conversation's group uuid (default: demo)");
  CLI::App* list_conversations = nullptr;
  ddb_command(ddb, settings, "list-conversations", "a user's conversations, newest first",
              with_users([&](cruddur::DdbContext& c) { cruddur::list_conversations(c, handle); }),
              &list_conversations);
  list_conversations->add_option("HANDLE", handle, "the user's handle")->required();

  // --- db: the users directory ---
  CLI::App* db = command(&app, "db", "the users directory");
  db->require_subcommand(1);
  command(db, "setup", "create the users table and the demo users")->callback([&] {
    cruddur::db_setup(*settings.users(), settings.json);
  });
  bool keep_existing = false;
  CLI::App* db_seed = command(db, "seed", "load the demo users");
  db_seed->add_flag("--keep-existing", keep_existing,
                    "add only the demo users that are missing; leave the others as they are");
  db_seed->callback([&] { cruddur::db_seed(*settings.users(), keep_existing, settings.json); });
  const char* pool_variable = std::getenv("AWS_COGNITO_USER_POOL_ID");
  std::string user_pool = pool_variable ? pool_variable : "", cognito_endpoint;
  CLI::App* db_cognito = command(db, "update-cognito-user-ids",
                                 "set each user's cognito_user_id from the Cognito user pool");
  db_cognito->add_option("--user-pool-id", user_pool, "default: $AWS_COGNITO_USER_POOL_ID");
  db_cognito->add_option("--cognito-endpoint", cognito_endpoint,
                         "Cognito user pools endpoint (default: AWS, for the region)");
  db_cognito->callback([&] {
    if (user_pool.empty()) throw std::runtime_error("no user pool: give --user-pool-id");
    auto users = settings.existing_users();
    auto credentials = aws::resolve_credentials();
    if (!credentials) throw std::runtime_error("no AWS credentials found");
    aws::JsonClient cognito(
        aws::cognito_user_pools(aws::resolve_region(), cognito_endpoint, *credentials));
    cruddur::db_update_cognito_user_ids(*users, cognito, user_pool, settings.json);
  });

  // --- dev-token, serve, stream-worker, lambda ---
  std::string token_handle;
  CLI::App* dev_token = command(
      &app, "dev-token", "print a development access token for a user (the dev issuer's own key)");
  dev_token->add_option("HANDLE", token_handle, "the user's handle")->required();
  dev_token->callback([&] {
    cruddur::dev_token(*settings.existing_users(), settings.dev_key_path(), token_handle,
                       settings.json);
  });
  cruddur::ServeOptions serve_options;
  bool no_stream_worker = false;
  CLI::App* serve = command(&app, "serve", "the HTTP API (and the stream worker)");
  serve->add_option("--port", serve_options.port, "port (default 4567)");
  serve->add_flag("--dev-auth", serve_options.dev_auth,
                  "sign in with the development issuer (POST /api/dev/sign_in, no AWS)");
  serve->add_option("--cors-origin", serve_options.cors_origin,
                    "the web front end's origin, for CORS");
  serve->add_flag("--no-stream-worker", no_stream_worker, "do not run the stream worker");
  serve->add_option("--threads", serve_options.threads, "I/O threads (default 16)")
      ->check(CLI::Range(1, 1024));
  serve->add_option("--web-root", serve_options.web_root,
                    "the web UI's files (default: share/cruddur/web beside the binary's bin/; "
                    "'none' serves the API only)");
  serve->add_option("--poll-ms", settings.poll_ms, poll_help)->check(CLI::Range(1, 60000));
  serve
      ->add_option("--heartbeat-s", serve_options.heartbeat_s,
                   "seconds between heartbeats on /api/events streams (default 15)")
      ->check(CLI::Range(1, 15));
  serve->add_option("--cache", serve_options.cache,
                    "the inbox cache: memory (default), none, or redis://HOST[:PORT][/DB], shared "
                    "by several instances along with their push events");
  serve
      ->add_option("--max-event-streams", serve_options.max_event_streams,
                   "open /api/events streams allowed per user (default 8)")
      ->check(CLI::Range(1, 1000));
  serve->callback([&] {
    serve_options.stream_worker = !no_stream_worker;
    cruddur::serve(settings, serve_options);
  });
  bool once = false;
  CLI::App* stream_worker =
      command(&app, "stream-worker", "move inbox rows as messages arrive on the table's stream");
  stream_worker->add_flag("--once", once, "handle what the stream holds now, then exit");
  stream_worker->add_option("--poll-ms", settings.poll_ms, poll_help)->check(CLI::Range(1, 60000));
  std::string worker_cache;
  stream_worker->add_option("--cache", worker_cache,
                            "redis://HOST[:PORT][/DB]: the serve instances' shared inbox cache, "
                            "kept current");
  stream_worker->callback([&] { cruddur::stream_worker(settings, once, worker_cache); });
  size_t max_invocations = 0;
  CLI::App* lambda =
      command(&app, "lambda",
              "the inbox updater as an AWS Lambda custom runtime ($AWS_LAMBDA_RUNTIME_API)");
  lambda->add_option("--max-invocations", max_invocations, "stop after N (default: never)");
  lambda->callback([&] { cruddur::lambda(settings, max_invocations); });

  net::http_global_init();
  if (!cruddur::commands_known(app, argc, argv)) return 2;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const aws::AwsError& e) {
    std::cerr << "cruddur: " << e.type() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cruddur: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
