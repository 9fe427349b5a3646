// Replies held for a group commit (ServerOptions::before_replies): none goes out before the
// commit that covers it, one commit covers the requests that arrive together, and what the
// commit answers instead replaces every reply of its group.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "net/http_server.h"

namespace {

using namespace std::chrono_literals;

// A one-thread server whose handler numbers the requests it handles (the reply's body is the
// number, padded with '.' to `body_bytes`) and whose before_replies records how many had been
// handled when it ran.
class CountingServer {
 public:
  explicit CountingServer(std::chrono::milliseconds handling, bool fail_commits = false,
                          size_t body_bytes = 0) {
    net::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    options.before_replies = [this, fail_commits]() -> std::optional<net::HttpReply> {
      commits_ += 1;
      committed_ = handled_.load();
      if (!fail_commits) return std::nullopt;
      net::HttpReply failed;
      failed.status = 500;
      failed.content_type = "text/plain";
      failed.body = "not committed";
      return failed;
    };
    server_ = std::make_unique<net::HttpServer>(
        [this, handling, body_bytes](const net::HttpRequestView&) {
          std::this_thread::sleep_for(handling);
          net::HttpReply reply;
          reply.content_type = "text/plain";
          reply.body = std::to_string(++handled_);
          if (reply.body.size() < body_bytes) reply.body.resize(body_bytes, '.');
          return reply;
        },
        options);
    port_ = server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~CountingServer() {
    server_->stop();
    thread_.join();
  }

  int connect() const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
  }

  std::atomic<int> handled_{0};
  std::atomic<int> committed_{0};  // requests handled when the last commit ran
  std::atomic<int> commits_{0};

 private:
  std::unique_ptr<net::HttpServer> server_;
  std::thread thread_;
  uint16_t port_ = 0;
};

void send_get(int fd) {
  std::string request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
}

// One whole response (head and Content-Length body) from `fd`: {status line, body}; the body is
// empty and the status line "" if the connection ends first.
std::pair<std::string, std::string> read_response(int fd) {
  std::string data;
  char buffer[4096];
  while (true) {
    size_t head_end = data.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      size_t length_at = data.find("Content-Length: ");
      size_t length = std::stoul(data.substr(length_at + 16));
      if (data.size() >= head_end + 4 + length) {
        return {data.substr(0, data.find("\r\n")), data.substr(head_end + 4, length)};
      }
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return {"", ""};
    data.append(buffer, n);
  }
}

TEST(HeldReplies, NoReplyGoesOutBeforeTheCommitThatCoversIt) {
  CountingServer server(1ms);
  std::vector<std::thread> clients;
  std::atomic<int> checked{0};
  for (int c = 0; c < 6; ++c) {
    clients.emplace_back([&] {
      int fd = server.connect();
      for (int i = 0; i < 20; ++i) {
        send_get(fd);
        auto [status, body] = read_response(fd);
        ASSERT_EQ(status, "HTTP/1.1 200 OK");
        // The commit ran after this request was handled: it had counted it.
        EXPECT_GE(server.committed_.load(), std::stoi(body));
        checked += 1;
      }
      ::close(fd);
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(checked.load(), 120);
}

TEST(HeldReplies, OneCommitCoversTheRequestsThatArriveTogether) {
  // Each request takes 2 ms to handle, so while one is handled the other clients' next
  // requests arrive, and are handled before the next commit.
  CountingServer server(2ms);
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      int fd = server.connect();
      for (int i = 0; i < 10; ++i) {
        send_get(fd);
        EXPECT_EQ(read_response(fd).first, "HTTP/1.1 200 OK");
      }
      ::close(fd);
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(server.handled_.load(), 80);
  EXPECT_LE(server.commits_.load(), 40);
}

TEST(HeldReplies, WhatTheCommitAnswersInsteadReplacesTheReplyAndClosesTheConnection) {
  // A small reply and a large one (many writes' worth): the reply answered instead carries
  // nothing of either.
  for (size_t body_bytes : {size_t{0}, size_t{100'000}}) {
    CountingServer server(0ms, /*fail_commits=*/true, body_bytes);
    int fd = server.connect();
    send_get(fd);
    auto [status, body] = read_response(fd);
    EXPECT_EQ(status, "HTTP/1.1 500 Internal Server Error");
    EXPECT_EQ(body, "not committed");
    char byte;
    EXPECT_EQ(::recv(fd, &byte, 1, 0), 0);  // closed after it, nothing more sent
    ::close(fd);
  }
}

TEST(HeldReplies, LargeRepliesArriveWholeAndInOrderOnOneConnection) {
  CountingServer server(0ms, /*fail_commits=*/false, 300'000);
  int fd = server.connect();
  for (int i = 1; i <= 5; ++i) {
    send_get(fd);
    auto [status, body] = read_response(fd);
    ASSERT_EQ(status, "HTTP/1.1 200 OK");
    ASSERT_EQ(body.size(), 300'000u);
    std::string number = std::to_string(i);
    EXPECT_EQ(body.substr(0, number.size()), number);
    EXPECT_EQ(body.find_first_not_of('.', number.size()), std::string::npos);  // then padding
  }
  ::close(fd);
}

}  // namespace
