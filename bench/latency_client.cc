// bench-latency: a closed-loop HTTP load with nothing between a reply and the next request.
//
//   bench-latency PORT SECONDS CONNECTIONS TARGET BODY
//
// Opens CONNECTIONS keep-alive connections to 127.0.0.1:PORT (TCP_NODELAY), keeps one request
// in flight on each, and sends the next as soon as a reply is complete, from one thread. Each
// request is a DynamoDB call: POST /, X-Amz-Target: DynamoDB_20120810.TARGET, the body BODY
// with every "{n}" replaced by a counter, so that each PutItem writes a fresh key. A request's
// latency runs from its write to the end of its reply. Prints one line:
//
//   requests N rps R p50 A p99 B p999 C max D errors E      (latencies in ms)
//
// errors counts replies whose status is not 200. bench/run reports it beside wrk's figures:
// wrk runs a Lua function per request and writes a request only after another turn of its
// event loop, which this client does not, so its p99 is the server's and the kernel's alone.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

[[noreturn]] void fail(const char* what) {
  std::perror(what);
  std::exit(2);
}

struct Connection {
  int fd = -1;
  double sent_at = 0;
  std::string in;       // the reply read so far
  size_t expected = 0;  // the reply's whole size once its head is in (0: not yet, or chunked)
  bool chunked = false;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: bench-latency PORT SECONDS CONNECTIONS TARGET BODY\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const double seconds = std::atof(argv[2]);
  const int count = std::atoi(argv[3]);
  const std::string target = argv[4], body = argv[5];
  if (port <= 0 || seconds <= 0 || count <= 0) {
    std::fprintf(stderr, "bench-latency: PORT, SECONDS and CONNECTIONS must be positive\n");
    return 2;
  }

  int epoll = epoll_create1(0);
  if (epoll < 0) fail("epoll_create1");
  std::vector<Connection> connections(count);
  for (int i = 0; i < count; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) fail("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = static_cast<uint32_t>(i);
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0) fail("epoll_ctl");
    connections[i].fd = fd;
  }

  // What every request shares, made once: the head up to its length, and the body cut at
  // each "{n}".
  const std::string head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                           "\r\nContent-Type: application/x-amz-json-1.0\r\n"
                           "X-Amz-Target: DynamoDB_20120810." +
                           target +
                           "\r\nX-Amz-Date: 20260101T000000Z\r\n"
                           // dynalite wants a SigV4-shaped Authorization header (it does not
                           // verify it); ddb-server takes anything without --auth.
                           "Authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/"
                           "dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                           "x-amz-target, Signature=0000\r\n"
                           "Content-Length: ";
  std::vector<std::string> pieces;
  for (size_t at = 0;;) {
    size_t hole = body.find("{n}", at);
    pieces.push_back(body.substr(at, hole == std::string::npos ? std::string::npos : hole - at));
    if (hole == std::string::npos) break;
    at = hole + 3;
  }

  long counter = 0;
  std::string filled, request;
  auto send_request = [&](Connection& c) {
    const std::string n = std::to_string(counter++);
    filled = pieces[0];
    for (size_t i = 1; i < pieces.size(); ++i) filled.append(n).append(pieces[i]);
    request.assign(head).append(std::to_string(filled.size())).append("\r\n\r\n").append(filled);
    c.in.clear();
    c.expected = 0;
    c.chunked = false;
    c.sent_at = now_ms();
    // A request is far smaller than a socket's buffer: one write takes it whole.
    if (write(c.fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
      fail("write");
    }
  };

  std::vector<double> latencies;
  latencies.reserve(1 << 22);
  long errors = 0;
  const double start = now_ms();
  for (auto& c : connections) send_request(c);
  std::vector<epoll_event> events(count);
  char buffer[65536];
  while (now_ms() - start < seconds * 1000) {
    int ready = epoll_wait(epoll, events.data(), count, 1000);
    if (ready < 0) fail("epoll_wait");
    for (int e = 0; e < ready; ++e) {
      Connection& c = connections[events[e].data.u32];
      ssize_t got = read(c.fd, buffer, sizeof buffer);
      if (got <= 0) fail("read (the server closed the connection)");
      c.in.append(buffer, static_cast<size_t>(got));
      if (!c.expected && !c.chunked) {  // the head is read once, when it is all in
        size_t head_end = c.in.find("\r\n\r\n");
        if (head_end == std::string::npos) continue;
        // Header names are case-insensitive (RFC 9110 5.1).
        const char* length_at = strcasestr(c.in.c_str(), "\r\ncontent-length:");
        if (length_at && static_cast<size_t>(length_at - c.in.c_str()) < head_end) {
          c.expected = head_end + 4 + std::strtoul(length_at + 17, nullptr, 10);
        } else {
          c.chunked = true;
        }
      }
      if (c.chunked ? c.in.size() < 5 || c.in.compare(c.in.size() - 5, 5, "0\r\n\r\n") != 0
                    : c.in.size() < c.expected) {
        continue;  // a chunked reply ends with its empty chunk
      }
      latencies.push_back(now_ms() - c.sent_at);
      if (c.in.compare(0, 12, "HTTP/1.1 200") != 0) ++errors;
      send_request(c);
    }
  }
  const double elapsed = (now_ms() - start) / 1000;
  if (latencies.empty()) {
    std::fprintf(stderr, "bench-latency: no reply in %.0f s\n", seconds);
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  auto at = [&](double fraction) {
    return latencies[std::min(latencies.size() - 1,
                              static_cast<size_t>(fraction * latencies.size()))];
  };
  std::printf("requests %zu rps %.0f p50 %.3f p99 %.3f p999 %.3f max %.3f errors %ld\n",
              latencies.size(), latencies.size() / elapsed, at(0.5), at(0.99), at(0.999),
              latencies.back(), errors);
  return 0;
}
