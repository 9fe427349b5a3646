// ddb-server: a DynamoDB-compatible server. See `ddb-server --help`.
//
// No <iostream>: a translation unit including it constructs the eight standard streams and the
// classic locale before main, ~0.4 ms of every start (from the loader's call of the
// constructors to main, medians of 15: 0.64-0.88 -> 0.28-0.32 ms).
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "ddb/server/auth.h"
#include "ddb/server/dispatch.h"
#include "ddb/storage/engine.h"
#include "net/http_server.h"

namespace {

const char* kUsage = R"(Usage: ddb-server [options]

A DynamoDB-compatible server (AWS JSON 1.0 protocol): boto3, the aws CLI and the AWS SDKs work
against it unchanged.

Options:
  --port N          port to listen on (default 8000)          also: -port N
  --host ADDR       address to bind (default 0.0.0.0)
  --db-path DIR     where the data lives (default ./data)     also: -dbPath DIR
  --in-memory       keep everything in memory, lose it on exit  also: -inMemory
  --sync            fsync every write (default: a write is in the WAL, safe from a process crash)
  --cors ORIGINS    the origins whose browser requests get CORS answers, comma-separated;
                    "*" (the default, as DynamoDB) any, "none" no CORS at all   also: -cors
  --auth FILE       verify SigV4 signatures against the access keys in FILE, one
                    "ACCESS_KEY_ID SECRET_ACCESS_KEY" pair per line (default: accept anything)
  --threads N       I/O threads (default: one per core)
  --ttl-period MS   how often expired (TTL) items are deleted (default 2000 ms)
  --log-level L     accepted for compatibility
  -sharedDb         accepted for compatibility (there is always one database)
  --help            this text
)";

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "ddb-server: %s\n(see ddb-server --help)\n", message.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  ddb::EngineOptions engine_options;
  net::ServerOptions server_options;
  server_options.cors_origins = {"*"};  // CORS for any origin by default, as DynamoDB
  std::string auth_file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool inline_value = false;
    if (size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    auto take = [&]() -> std::string {
      if (inline_value) return value;
      if (i + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++i];
    };
    auto number = [&](const std::string& text, long max) {
      char* end = nullptr;
      long n = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end || n < 0 || n > max)
        usage_error("invalid value for " + arg + ": " + text);
      return n;
    };
    if (arg == "--help" || arg == "-h" || arg == "-help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--port" || arg == "-port") {
      server_options.port = static_cast<uint16_t>(number(take(), 65535));
    } else if (arg == "--host") {
      server_options.host = take();
    } else if (arg == "--db-path" || arg == "-dbPath") {
      engine_options.path = take();
    } else if (arg == "--in-memory" || arg == "-inMemory") {
      engine_options.in_memory = true;
    } else if (arg == "--sync") {
      engine_options.sync = true;
    } else if (arg == "--cors" || arg == "-cors") {
      // A bare --cors (DynamoDB Local's spelling) allows any origin.
      std::string origins = inline_value ? value : "*";
      if (!inline_value && i + 1 < argc && argv[i + 1][0] != '-') origins = argv[++i];
      server_options.cors_origins.clear();
      for (size_t start = 0; origins != "none" && start <= origins.size();) {
        size_t comma = std::min(origins.find(',', start), origins.size());
        if (comma > start)
          server_options.cors_origins.push_back(origins.substr(start, comma - start));
        start = comma + 1;
      }
    } else if (arg == "--ttl-period") {
      engine_options.ttl_period_ms = static_cast<int>(number(take(), 86400000));
      if (engine_options.ttl_period_ms < 10) usage_error("--ttl-period must be at least 10 ms");
    } else if (arg == "--auth") {
      auth_file = take();
    } else if (arg == "--threads") {
      server_options.threads = static_cast<unsigned>(number(take(), 256));
    } else if (arg == "--log-level") {
      take();
    } else if (arg == "-sharedDb") {
    } else {
      usage_error("unknown option " + arg);
    }
  }

  // Large buffers stay in the heap, and the heap keeps its freed top: a 1 MB Scan page's JSON
  // (and a memtable's 1 MB arena blocks) had each come from a fresh mmap, every page of it
  // faulted in again for every request and unmapped after; page faults are costly under
  // virtualisation. In memory, bench/run's 1 MB Scan page: 109 -> 520 req/s against the build
  // before (--in-memory --baseline, same run), RSS after the preload 24 MB either way. What the
  // heap keeps free is bounded by the trim threshold.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 32 << 20);

  // SIGINT and SIGTERM stop the server (HttpServer::stop_on): blocked before any thread starts,
  // so no thread takes them but the server's signalfd.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    ddb::configure_front(server_options);
    std::optional<ddb::Authenticator> authenticator;
    if (!auth_file.empty()) {
      authenticator = ddb::Authenticator::load(auth_file);
      server_options.collect_headers = true;  // the signature covers them
    }
    auto engine = ddb::Engine::open(engine_options);
    const ddb::Authenticator* verifier = authenticator ? &*authenticator : nullptr;
    // Group commit: the writes of the requests an I/O thread handles together reach the log in
    // one write (and one fsync with --sync), before any of their replies goes out.
    server_options.before_replies = [&engine] { return ddb::commit_replies(*engine); };
    // A reply waits only while a write it may show is not yet durable: a read-only load's
    // replies go out as they are made.
    server_options.commit_pending = [&engine] { return engine->commit_pending(); };
    net::HttpServer server(
        [&engine, verifier](const net::HttpRequestView& request) {
          ddb::Engine::hold_commits_on_this_thread();  // before_replies commits them
          return ddb::dispatch(*engine, request, verifier);
        },
        server_options);
    uint16_t port = server.listen();
    std::printf(
        "ddb-server listening on http://%s:%u (%s)\n", server_options.host.c_str(), port,
        engine_options.in_memory ? "in memory" : ("data in " + engine_options.path).c_str());
    std::fflush(stdout);
    server.stop_on(signals);
    server.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ddb-server: %s\n", e.what());
    return 1;
  }
  return 0;
}
