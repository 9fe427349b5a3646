// Streamed replies of the HTTP front (HttpReply::open_stream): chunked framing, the end of the
// stream, a client leaving, and a slow client dropped rather than buffered for.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "net/http_server.h"

namespace {

using namespace std::chrono_literals;

// A server whose every request opens a stream, handed to the test through `streams`.
class StreamServer {
 public:
  explicit StreamServer(size_t max_backlog) {
    net::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    options.max_stream_backlog = max_backlog;
    server_ = std::make_unique<net::HttpServer>(
        [this](const net::HttpRequestView&) {
          net::HttpReply reply;
          reply.content_type = "text/event-stream";
          reply.body = "hello";
          reply.open_stream = [this](std::shared_ptr<net::ReplyStream> stream) {
            opened_.set_value(std::move(stream));
          };
          return reply;
        },
        options);
    port_ = server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~StreamServer() {
    server_->stop();
    thread_.join();
  }

  // Connects (with a small receive buffer when asked) and sends a GET; returns the socket.
  int connect_and_get(int receive_buffer = 0) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (receive_buffer) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(int));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    std::string request = "GET /events HTTP/1.1\r\nHost: x\r\n\r\n";
    EXPECT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
    return fd;
  }

  std::shared_ptr<net::ReplyStream> stream() {
    auto future = opened_.get_future();
    EXPECT_EQ(future.wait_for(5s), std::future_status::ready);
    return future.get();
  }

 private:
  std::unique_ptr<net::HttpServer> server_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::promise<std::shared_ptr<net::ReplyStream>> opened_;
};

// Everything the server sends until it closes the connection.
std::string read_to_end(int fd) {
  std::string all;
  char buffer[4096];
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) all.append(buffer, n);
  return all;
}

TEST(HttpStream, IsChunkedAndEndsWithTheLastChunkWhenClosed) {
  StreamServer server(1 << 20);
  int fd = server.connect_and_get();
  auto stream = server.stream();
  EXPECT_TRUE(stream->write("data: 1\n\n"));
  EXPECT_TRUE(stream->write(""));
  stream->close();
  EXPECT_TRUE(stream->closed());
  EXPECT_FALSE(stream->write("too late"));
  std::string answer = read_to_end(fd);
  ::close(fd);
  EXPECT_NE(answer.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_EQ(answer.find("Content-Length"), std::string::npos);
  std::string body = answer.substr(answer.find("\r\n\r\n") + 4);
  EXPECT_EQ(body, "5\r\nhello\r\n9\r\ndata: 1\n\n\r\n0\r\n\r\n");
}

TEST(HttpStream, ClosesWhenTheClientLeaves) {
  StreamServer server(1 << 20);
  int fd = server.connect_and_get();
  auto stream = server.stream();
  EXPECT_FALSE(stream->closed());
  ::close(fd);
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!stream->closed() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(stream->closed());
  EXPECT_FALSE(stream->write("nobody there"));
}

TEST(HttpStream, DropsAClientThatDoesNotReadRatherThanBufferForIt) {
  constexpr size_t kBacklog = 64 * 1024;
  StreamServer server(kBacklog);
  int fd = server.connect_and_get(4096);
  auto stream = server.stream();
  std::string piece(1024, 'x');
  size_t written = 0;
  // The kernel's buffers take some; past them at most kBacklog is held, then the stream closes.
  while (written < (64u << 20) && stream->write(piece)) {
    written += piece.size();
    if (written % (256 * 1024) == 0) std::this_thread::sleep_for(1ms);  // let the socket fill
  }
  EXPECT_LT(written, 64u << 20) << "never dropped";
  EXPECT_TRUE(stream->closed());
  ::close(fd);
}

}  // namespace
