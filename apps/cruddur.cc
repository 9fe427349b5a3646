// cruddur: the messaging app's command line. See `cruddur --help`.
#include <curl/curl.h>

#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "aws/credentials.h"
#include "aws/dynamodb_client.h"
#include "aws/http_get.h"
#include "cruddur/api/api.h"
#include "cruddur/api/web_assets.h"
#include "cruddur/auth/jwt.h"
#include "cruddur/cli/db_commands.h"
#include "cruddur/cli/ddb_commands.h"
#include "cruddur/stream/lambda_runtime.h"
#include "cruddur/stream/stream_follower.h"
#include "net/http_server.h"

namespace {

// One line per request on stdout, written whole: time, method, path, status, duration.
void log_request(const net::HttpRequestView& request, int status,
                 std::chrono::steady_clock::duration took) {
  std::time_t now = std::time(nullptr);
  std::tm utc;
  gmtime_r(&now, &utc);
  char line[512];
  size_t stamp = std::strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ", &utc);
  int length = std::snprintf(line + stamp, sizeof line - stamp, " %.*s %.*s %d %.3fms\n",
                             static_cast<int>(request.method.size()), request.method.data(),
                             static_cast<int>(std::min<size_t>(request.path.size(), 400)),
                             request.path.data(), status,
                             std::chrono::duration<double, std::milli>(took).count());
  size_t total = std::min(sizeof line - 1, stamp + static_cast<size_t>(std::max(length, 0)));
  if (::write(STDOUT_FILENO, line, total) < 0) {
    // Logging must never fail a request.
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cruddur: the Cruddur messaging app and its operator commands"};
  app.require_subcommand(1);
  std::string endpoint = "http://localhost:8000";
  const char* table_variable = std::getenv("DDB_MESSAGE_TABLE");
  std::string table = table_variable && *table_variable ? table_variable : "cruddur-messages";
  bool json = false;
  std::string data_dir = "./data/cruddur";
  // Options shared by every command, accepted before or after the subcommand.
  auto shared = [&](CLI::App* command) {
    command->add_option("--ddb-endpoint", endpoint,
                        "DynamoDB endpoint URL, or 'prod' for AWS (default http://localhost:8000)");
    command->add_option("--table", table, "messages table (default cruddur-messages)");
    command->add_flag("--json", json, "print the raw JSON answers, for scripts");
    command->add_option("--data-dir", data_dir,
                        "the app's local data: SQLite users (default ./data/cruddur)");
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
  CLI::App* seed = ddb->add_subcommand("seed", "write the demo conversation (needs db setup)");
  std::string group = cruddur::kDemoGroup, handle;
  CLI::App* get_conversation =
      ddb->add_subcommand("get-conversation", "the newest 20 messages of a conversation");
  get_conversation->add_option("GROUP", group, "the conversation's group uuid (default: the demo)");
  CLI::App* list_conversations =
      ddb->add_subcommand("list-conversations", "a user's conversations, newest first");
  list_conversations->add_option("HANDLE", handle, "the user's handle")->required();
  int port = 4567;
  bool dev_auth = false, no_stream_worker = false;
  std::string cors_origin;
  CLI::App* serve = app.add_subcommand("serve", "the HTTP API (and the stream worker)");
  serve->add_option("--port", port, "port (default 4567)");
  serve->add_flag("--dev-auth", dev_auth,
                  "sign in with the development issuer (POST /api/dev/sign_in, no AWS)");
  serve->add_option("--cors-origin", cors_origin, "the web front end's origin, for CORS");
  serve->add_flag("--no-stream-worker", no_stream_worker, "do not run the stream worker");
  // Handlers wait on the DynamoDB endpoint (milliseconds away on AWS): threads, not cores, bound
  // how many requests are in flight.
  unsigned serve_threads = 16;
  serve->add_option("--threads", serve_threads, "I/O threads (default 16)")
      ->check(CLI::Range(1, 1024));
  std::string web_root;
  serve->add_option("--web-root", web_root,
                    "the web UI's files (default: share/cruddur/web beside the binary's bin/; "
                    "'none' serves the API only)");
  size_t max_invocations = 0;
  CLI::App* lambda = app.add_subcommand(
      "lambda", "the inbox updater as an AWS Lambda custom runtime ($AWS_LAMBDA_RUNTIME_API)");
  lambda->add_option("--max-invocations", max_invocations, "stop after N (default: never)");
  std::string token_handle;
  CLI::App* dev_token = app.add_subcommand(
      "dev-token", "print a development access token for a user (the dev issuer's own key)");
  dev_token->add_option("HANDLE", token_handle, "the user's handle")->required();
  bool once = false;
  CLI::App* stream_worker = app.add_subcommand(
      "stream-worker", "move inbox rows as messages arrive on the table's stream");
  stream_worker->add_flag("--once", once, "handle what the stream holds now, then exit");
  // AWS allows 5 GetRecords a second per shard; Lambda itself polls 4 times a second.
  int poll_ms = 0;
  const char* poll_help =
      "milliseconds between polls of an idle stream (default 100 locally, 250 against AWS)";
  stream_worker->add_option("--poll-ms", poll_ms, poll_help)->check(CLI::Range(1, 60000));
  serve->add_option("--poll-ms", poll_ms, poll_help)->check(CLI::Range(1, 60000));
  CLI::App* db = app.add_subcommand("db", "the users directory");
  db->require_subcommand(1);
  shared(db);
  CLI::App* db_setup = db->add_subcommand("setup", "create the users table and the demo users");
  CLI::App* db_seed = db->add_subcommand("seed", "load the demo users");
  bool keep_existing = false;
  db_seed->add_flag("--keep-existing", keep_existing,
                    "add only the demo users that are missing; leave the others as they are");
  const char* pool_variable = std::getenv("AWS_COGNITO_USER_POOL_ID");
  std::string user_pool = pool_variable ? pool_variable : "";
  std::string cognito_endpoint;
  CLI::App* db_cognito = db->add_subcommand(
      "update-cognito-user-ids", "set each user's cognito_user_id from the Cognito user pool");
  db_cognito->add_option("--user-pool-id", user_pool, "default: $AWS_COGNITO_USER_POOL_ID");
  db_cognito->add_option("--cognito-endpoint", cognito_endpoint,
                         "Cognito user pools endpoint (default: AWS, for the region)");
  for (CLI::App* command :
       {schema_load, list, drop, scan, seed, get_conversation, list_conversations, db_setup,
        db_seed, db_cognito, stream_worker, dev_token, serve, lambda}) {
    shared(command);
  }
  CLI11_PARSE(app, argc, argv);

  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    auto users = cruddur::open_users(data_dir);
    if (*db_setup) {
      cruddur::db_setup(*users);
      return 0;
    }
    if (*db_seed) {
      cruddur::db_seed(*users, keep_existing);
      return 0;
    }
    if (*dev_token) {
      auto user = users->find_by_handle(token_handle);
      if (!user) throw std::runtime_error("unknown handle @" + token_handle);
      std::filesystem::create_directories(data_dir);
      cruddur::DevIssuer issuer(data_dir + "/dev-key.pem");
      std::cout << issuer.sign(user->cognito_user_id, user->handle, std::time(nullptr)) << "\n";
      return 0;
    }
    if (*db_cognito) {
      if (user_pool.empty()) throw std::runtime_error("no user pool: give --user-pool-id");
      auto credentials = aws::resolve_credentials();
      if (!credentials) throw std::runtime_error("no AWS credentials found");
      aws::ClientOptions cognito_options;
      cognito_options.service = "cognito-idp";
      cognito_options.target_prefix = "AWSCognitoIdentityProviderService.";
      cognito_options.content_type = "application/x-amz-json-1.1";
      cognito_options.endpoint = cognito_endpoint;
      cognito_options.region = aws::resolve_region();
      cognito_options.credentials = *credentials;
      aws::DynamoDBClient cognito(cognito_options);
      cruddur::db_update_cognito_user_ids(*users, cognito, user_pool);
      return 0;
    }
    aws::ClientOptions options;
    options.region = aws::resolve_region();
    options.endpoint = endpoint == "prod" ? "" : endpoint;
    // Locally a poll is cheap: poll again soon after records arrived. AWS allows 5 GetRecords a
    // second per shard: an even 250 ms there.
    cruddur::PollPacing pacing;
    pacing.idle = std::chrono::milliseconds(poll_ms ? poll_ms : endpoint == "prod" ? 250 : 100);
    pacing.busy = endpoint == "prod" ? pacing.idle : std::min(pacing.busy, pacing.idle);
    auto credentials = aws::resolve_credentials();
    if (!credentials) {
      if (endpoint == "prod") throw std::runtime_error("no AWS credentials found");
      credentials = aws::Credentials{"local", "local", ""};  // a local endpoint accepts any
    }
    options.credentials = *credentials;
    aws::DynamoDBClient client(options);
    if (*serve) {
      std::filesystem::create_directories(data_dir);
      std::optional<cruddur::DevIssuer> issuer;
      std::optional<cruddur::TokenVerifier> verifier;
      if (dev_auth) {
        issuer.emplace(data_dir + "/dev-key.pem");
        verifier.emplace(issuer->verifier());
      } else {
        // Cognito: the pool's issuer and its JWKS.
        const char* pool = std::getenv("AWS_COGNITO_USER_POOL_ID");
        const char* client_id = std::getenv("AWS_COGNITO_USER_POOL_CLIENT_ID");
        if (!pool || !client_id) {
          throw std::runtime_error(
              "sign-in needs AWS_COGNITO_USER_POOL_ID and AWS_COGNITO_USER_POOL_CLIENT_ID, or "
              "--dev-auth");
        }
        const char* issuer_override = std::getenv("AWS_COGNITO_ISSUER");
        std::string issuer_url =
            issuer_override ? issuer_override
                            : "https://cognito-idp." + options.region + ".amazonaws.com/" + pool;
        verifier.emplace(issuer_url, client_id);
        std::string jwks_url = issuer_url + "/.well-known/jwks.json";
        verifier->add_jwks(aws::http_get(jwks_url));
        verifier->refresh_from([jwks_url] { return aws::http_get(jwks_url); });
      }
      std::optional<cruddur::WebAssets> web;
      if (web_root != "none") {
        std::string root = web_root.empty() ? cruddur::WebAssets::default_root() : web_root;
        try {
          web = cruddur::WebAssets::load(root);
        } catch (const std::exception& e) {
          // An explicit --web-root must be there; the default may be missing from a bare binary.
          if (!web_root.empty()) throw;
          std::cerr << "cruddur: serving the API only: " << e.what() << "\n";
        }
      }
      cruddur::ApiOptions api_options{options, table};
      cruddur::Api api(api_options, *users, std::move(*verifier), issuer ? &*issuer : nullptr,
                       web ? &*web : nullptr);
      net::ServerOptions server_options;
      server_options.port = static_cast<uint16_t>(port);
      server_options.cors_origin = cors_origin;
      server_options.cors_expose_headers = "X-Next-Cursor";
      server_options.threads = serve_threads;
      net::HttpServer server(
          [&api](const net::HttpRequestView& request) {
            auto started = std::chrono::steady_clock::now();
            net::HttpReply reply = api.handle(request);
            log_request(request, reply.status, std::chrono::steady_clock::now() - started);
            return reply;
          },
          server_options);
      sigset_t signals;
      sigemptyset(&signals);
      sigaddset(&signals, SIGINT);
      sigaddset(&signals, SIGTERM);
      pthread_sigmask(SIG_BLOCK, &signals, nullptr);
      uint16_t bound = server.listen();
      std::atomic<bool> stop{false};
      std::thread worker;
      if (!no_stream_worker) {
        worker = std::thread([&] {
          aws::DynamoDBClient worker_client(options);
          cruddur::StreamFollower follower(worker_client, table,
                                           data_dir + "/stream-checkpoint.json", pacing);
          follower.run(false, stop);
        });
      }
      std::thread waiter([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        stop = true;
        server.stop();
      });
      waiter.detach();
      std::cout << "cruddur serving on http://localhost:" << bound
                << (dev_auth ? " (dev sign-in)" : "")
                << (web ? "; web UI: " + std::to_string(web->size()) + " files" : "") << std::endl;
      server.run();
      stop = true;
      if (worker.joinable()) worker.join();
      return 0;
    }
    if (*lambda) {
      const char* runtime_api = std::getenv("AWS_LAMBDA_RUNTIME_API");
      if (!runtime_api) throw std::runtime_error("AWS_LAMBDA_RUNTIME_API is not set");
      cruddur::InboxUpdater updater(client, table);
      cruddur::run_lambda_runtime(runtime_api, updater, max_invocations);
      return 0;
    }
    if (*stream_worker) {
      static std::atomic<bool> stop{false};
      std::signal(SIGINT, [](int) { stop = true; });
      std::signal(SIGTERM, [](int) { stop = true; });
      cruddur::StreamFollower follower(client, table, data_dir + "/stream-checkpoint.json", pacing);
      size_t handled = follower.run(once, stop);
      std::cout << "handled " << handled << " stream record" << (handled == 1 ? "" : "s") << "\n";
      return 0;
    }
    cruddur::DdbContext context{client, table, json, users.get()};
    if (*schema_load)
      cruddur::schema_load(context);
    else if (*list)
      cruddur::list_tables(context);
    else if (*drop)
      cruddur::drop_table(context, drop_name);
    else if (*scan)
      cruddur::scan_table(context);
    else if (*seed)
      cruddur::seed_conversation(context);
    else if (*get_conversation)
      cruddur::get_conversation(context, group);
    else if (*list_conversations)
      cruddur::list_conversations(context, handle);
  } catch (const aws::AwsError& e) {
    std::cerr << "cruddur: " << e.type() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cruddur: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
