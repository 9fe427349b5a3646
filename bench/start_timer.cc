// bench-start: how long a server takes from being started to answering its first request.
//
//   bench-start PORT COMMAND [ARGS...]
//
// Starts COMMAND (posix_spawn, its output to /dev/null), then tries to connect to
// 127.0.0.1:PORT every 100 us and, once connected, sends a DynamoDB ListTables; a refused
// connection, a closed one or a status other than 200 is tried again. Prints the time from just
// before the spawn to the end of the first 200 reply, in ms, on one line; then stops the server
// (SIGTERM, SIGKILL after 10 s) and waits for it. Exits 2 if the server exits first or has not
// answered after 30 s.
//
// bench/run timed start-up from Python before: a process spawned by `subprocess` and polled with
// `http.client` every 0.5 ms, which measured a 20-line C server at ~4.6 ms. What this tool
// measures of a server is its own start, to within the 100 us of its poll.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

const char kRequest[] =
    "POST / HTTP/1.1\r\n"
    "Host: 127.0.0.1\r\n"
    "X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
    "Content-Type: application/x-amz-json-1.0\r\n"
    "X-Amz-Date: 20260101T000000Z\r\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=b/20260101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host, Signature=0\r\n"
    "Content-Length: 2\r\n"
    "\r\n"
    "{}";

// One ListTables on a new connection: true when its reply's status is 200 and the whole reply
// (by Content-Length) has arrived; false when the server refused, closed or answered otherwise.
bool list_tables_ok(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval timeout{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      send(fd, kRequest, sizeof kRequest - 1, MSG_NOSIGNAL) == ssize_t(sizeof kRequest - 1)) {
    std::string reply;
    char buffer[4096];
    for (;;) {
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      reply.append(buffer, static_cast<size_t>(n));
      size_t head_end = reply.find("\r\n\r\n");
      if (head_end == std::string::npos) continue;
      // Header names are case-insensitive: look for Content-Length in a lower-cased head.
      std::string head = reply.substr(0, head_end);
      for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t length_at = head.find("\r\ncontent-length:");
      if (length_at == std::string::npos) break;
      size_t length = std::strtoul(reply.c_str() + length_at + 17, nullptr, 10);
      if (reply.size() < head_end + 4 + length) continue;
      ok = reply.compare(0, 5, "HTTP/") == 0 && reply.compare(8, 5, " 200 ") == 0;  // 1.0 or 1.1
      break;
    }
  }
  close(fd);
  return ok;
}

void stop(pid_t pid) {
  kill(pid, SIGTERM);
  for (int i = 0; i < 10000; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench-start PORT COMMAND [ARGS...]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);

  const Clock::time_point started = Clock::now();
  pid_t pid;
  if (int error = posix_spawnp(&pid, argv[2], &actions, nullptr, argv + 2, environ)) {
    std::fprintf(stderr, "bench-start: %s: %s\n", argv[2], std::strerror(error));
    return 2;
  }
  while (!list_tables_ok(port)) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      std::fprintf(stderr, "bench-start: %s exited before answering\n", argv[2]);
      return 2;
    }
    if (ms_since(started) > 30000) {
      std::fprintf(stderr, "bench-start: %s did not answer in 30 s\n", argv[2]);
      stop(pid);
      return 2;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  const double elapsed = ms_since(started);
  std::printf("%.3f\n", elapsed);
  std::fflush(stdout);
  stop(pid);
  return 0;
}
