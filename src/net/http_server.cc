#include "net/http_server.h"

#include "common/ascii.h"
#include "net/content_coding.h"
#include "net/request_parser.h"

#include <sys/signalfd.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

HttpReply default_body_too_large() {
  HttpReply reply;
  reply.status = 413;
  reply.content_type = "text/plain";
  reply.body = "Request body too large";
  return reply;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  // The replies held on one I/O thread for the group's commit, in the order they were made.
  using Held = std::vector<std::shared_ptr<Session>>;

  // `held` is the list of the I/O thread the session runs on.
  Session(tcp::socket socket, const RequestHandler& handler, const ServerOptions& options,
          Held& held)
      : stream_(std::move(socket)),
        handler_(handler),
        options_(options),
        wanted_(options.wanted_headers),
        held_(&held) {}

  void start() {
    beast::error_code ignored;
    stream_.non_blocking(true, ignored);
    read();
  }

 private:
  void read() {
    parser_.emplace(request_, wanted_, options_.collect_headers);
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(64 * 1024);
    parse_buffered();
  }

  // Reads what the socket has, without asking first how much (FIONREAD: a system call per
  // request): 4 KB for a head, what is left of a body whose length the headers gave (up to
  // 1 MB), 64 KB of a chunked one. Asio's reactor (the socket registered edge-triggered, once)
  // tries the read at once only if the last one filled its space or the socket has been
  // reported readable since; else it waits for readiness without a system call. One read per
  // request, where waiting first (async_wait) cost an epoll_ctl and then the read.
  void read_more() {
    size_t want = 4096;
    if (parser_->is_header_done()) {
      auto left = parser_->content_length_remaining();
      want = left ? std::clamp<size_t>(*left, want, 1 << 20) : 64 * 1024;
    }
    stream_.async_read_some(buffer_.prepare(want),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->parse_buffered();
                            });
  }

  void parse_buffered() {
    beast::error_code ec;
    while (buffer_.size() > 0 && !parser_->is_done()) {
      size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec || used == 0) break;
    }
    if (!ec && !parser_->is_done()) {
      // A client that asked to be told before sending its body (Expect: 100-continue) is told.
      if (parser_->is_header_done() && !continue_sent_ &&
          common::iequals(request_.header(RequestData::kExpect), "100-continue")) {
        continue_sent_ = true;
        static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        beast::error_code ignored;
        asio::write(stream_, asio::buffer(kContinue, sizeof kContinue - 1), ignored);
      }
      return read_more();
    }
    continue_sent_ = false;
    on_read(ec);
  }

  void on_read(beast::error_code ec) {
    cors_ = {};
    if (ec == http::error::body_limit) {
      send(options_.body_too_large ? options_.body_too_large() : default_body_too_large(), false,
           11);
      return;
    }
    if (ec == http::error::header_limit) {
      // A request line or headers too large to read: say so before closing, rather than drop
      // the connection unanswered.
      if (options_.headers_too_large) return send(options_.headers_too_large(), false, 11);
      HttpReply reply;
      reply.status = 431;
      reply.content_type = "text/plain";
      reply.body = "Request header fields too large";
      send(std::move(reply), false, 11);
      return;
    }
    if (ec) return close();
    bool keep_alive = parser_->keep_alive();
    const RequestData& request = request_;
    read_cors(request);
    HttpReply reply;
    if (request.method == http::verb::options && cors_.preflight) {
      reply.status = 200;
      reply.content_type = "text/plain";
    } else {
      HttpRequestView view{request.method_string,
                           request.header(RequestData::kAuthorization),
                           request.body,
                           request.header(RequestData::kHost),
                           {},
                           {},
                           nullptr,
                           {},
                           {},
                           {}};
      std::string_view target(request.target);
      size_t question = target.find('?');
      view.path = target.substr(0, question);
      view.if_none_match = request.header(RequestData::kIfNoneMatch);
      view.accept_encoding = request.header(RequestData::kAcceptEncoding);
      view.query =
          question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
      for (size_t i = 0; i < wanted_.count; ++i) {
        view.wanted[i] = request.header(RequestData::kFirstWanted + i);
      }
      if (options_.collect_headers) view.headers = &request.all_headers;
      reply = handler_(view);
    }
    if (reply.open_stream) return start_stream(std::move(reply), request.version);
    // A HEAD response carries the GET response's head alone (RFC 9110 9.3.2).
    send(std::move(reply), keep_alive, request.version, request.method == http::verb::head,
         request.header(RequestData::kAcceptEncoding));
  }

  // Sends a reply: composed now, written at once or, with before_replies and a commit pending,
  // held for the group's commit.
  void send(HttpReply reply, bool keep_alive, unsigned version, bool head_only = false,
            std::string_view accept_encoding = {}) {
    compose(std::move(reply), keep_alive, version, head_only, accept_encoding);
    if (!options_.before_replies || (options_.commit_pending && !options_.commit_pending())) {
      return transmit();
    }
    // The first reply held on this thread schedules the commit, behind the handlers of every
    // other request that arrived with this one (asio runs posted work after the completions
    // already queued).
    Held& held = *held_;
    if (held.empty()) {
      asio::post(stream_.get_executor(),
                 [&held, &options = options_] { release_held(held, options); });
    }
    held.push_back(shared_from_this());
  }

  // Writes the response head and body into out_, as one buffer: a session handles one request
  // at a time, so the buffer is free again when the write ends. `accept_encoding` is the
  // request's Accept-Encoding (empty: the body goes as it is).
  void compose(HttpReply reply, bool keep_alive, unsigned version, bool head_only,
               std::string_view accept_encoding) {
    if (options_.compress_from_bytes && !accept_encoding.empty() &&
        reply.body.size() >= options_.compress_from_bytes) {
      compress(reply, accept_encoding);
    }
    begin_head(reply, version, true);
    if (!keep_alive)
      out_ += "\r\nConnection: close";
    else if (version == 10)
      out_ += "\r\nConnection: keep-alive";
    out_ += "\r\n";
    if (options_.add_headers) options_.add_headers(reply, out_);
    out_ += "\r\n";
    if (!head_only) out_ += reply.body;
    keep_alive_ = keep_alive;
    version_ = version;
  }

  // Writes out_, then reads the next request or closes.
  void transmit() {
    asio::async_write(stream_, asio::buffer(out_),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec || !self->keep_alive_) return self->close();
                        self->read();
                      });
  }

  // Runs before_replies once for the replies held on a thread, then writes them (or, if it
  // answers something instead, that, closing each connection after).
  static void release_held(Held& held, const ServerOptions& options) {
    Held group;
    group.swap(held);
    std::optional<HttpReply> instead = options.before_replies();
    for (auto& session : group) {
      if (instead) session->compose(*instead, false, session->version_, false, {});
      session->transmit();
    }
  }

  // Streamed replies (HttpReply::open_stream). Bytes are queued under stream_mutex_ by any
  // thread and written by the session's thread, one write at a time; the client's side of the
  // connection is watched meanwhile so that its going away closes the stream.
 public:
  bool stream_write(std::string data) {
    std::lock_guard lock(stream_mutex_);
    if (stream_closed_) return false;
    if (data.empty()) return true;
    if (stream_backlog_ + data.size() > options_.max_stream_backlog) {
      // A client this far behind is dropped, not buffered for.
      stream_closed_ = true;
      asio::post(stream_.get_executor(), [self = shared_from_this()] { self->stream_abort(); });
      return false;
    }
    stream_backlog_ += data.size();
    append_chunk(data);
    schedule_flush();
    return true;
  }

  void stream_close() {
    std::lock_guard lock(stream_mutex_);
    if (stream_closed_) return;
    stream_closed_ = true;
    stream_ending_ = true;
    if (stream_chunked_) stream_queued_ += "0\r\n\r\n";
    schedule_flush();
  }

  bool stream_is_closed() {
    std::lock_guard lock(stream_mutex_);
    return stream_closed_;
  }

 private:
  // Sends the streamed reply's head (and `reply.body`), then hands the stream to the reply's
  // producer.
  void start_stream(HttpReply reply, unsigned version) {
    begin_head(reply, version, false);
    stream_chunked_ = version != 10;
    out_ += stream_chunked_ ? "\r\nTransfer-Encoding: chunked\r\n\r\n"
                            : "\r\nConnection: close\r\n\r\n";
    {
      std::lock_guard lock(stream_mutex_);
      stream_queued_ = std::move(out_);
      out_.clear();
      append_chunk(reply.body);
      stream_backlog_ = stream_queued_.size();
    }
    auto stream = std::make_shared<StreamHandle>(shared_from_this());
    reply.open_stream(stream);
    flush();
    watch_client();
  }

  // A chunk of the body, framed for the connection (stream_mutex_ held).
  void append_chunk(std::string_view data) {
    if (data.empty()) return;
    if (stream_chunked_) {
      char size[20];
      int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
      stream_queued_.append(size, n);
    }
    stream_queued_ += data;
    if (stream_chunked_) stream_queued_ += "\r\n";
  }

  // Asks the session's thread to write what is queued (stream_mutex_ held).
  void schedule_flush() {
    if (stream_writing_ || stream_flush_posted_) return;
    stream_flush_posted_ = true;
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->flush(); });
  }

  void flush() {
    std::unique_lock lock(stream_mutex_);
    stream_flush_posted_ = false;
    if (stream_writing_ || stream_aborted_) return;
    if (stream_queued_.empty()) {
      if (stream_ending_) {
        lock.unlock();
        close();
      }
      return;
    }
    stream_sending_.swap(stream_queued_);
    stream_queued_.clear();
    stream_writing_ = true;
    lock.unlock();
    asio::async_write(stream_, asio::buffer(stream_sending_),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        std::unique_lock lock(self->stream_mutex_);
                        self->stream_writing_ = false;
                        self->stream_backlog_ -=
                            std::min(self->stream_backlog_, self->stream_sending_.size());
                        if (ec) {
                          self->stream_closed_ = true;
                          self->stream_aborted_ = true;
                          lock.unlock();
                          return self->close();
                        }
                        lock.unlock();
                        self->flush();
                      });
  }

  void stream_abort() {
    {
      std::lock_guard lock(stream_mutex_);
      stream_aborted_ = true;
    }
    beast::error_code ignored;
    stream_.close(ignored);
  }

  // The client sends nothing on a streamed reply; anything it does send is dropped, and its end
  // of the connection closing closes the stream.
  void watch_client() {
    stream_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
      char scratch[4096];
      size_t n = 0;
      if (!ec) n = self->stream_.read_some(asio::buffer(scratch), ec);
      // Readiness with nothing to read (an edge the request's own read already consumed) is
      // not the client leaving: only the end of the stream or an error is.
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        return self->watch_client();
      }
      if (!ec && n > 0) return self->watch_client();
      {
        std::lock_guard lock(self->stream_mutex_);
        self->stream_closed_ = true;
        self->stream_aborted_ = true;
      }
      beast::error_code ignored;
      self->stream_.close(ignored);
    });
  }

  // The ReplyStream the producer holds; it keeps the session alive.
  class StreamHandle : public ReplyStream {
   public:
    explicit StreamHandle(std::shared_ptr<Session> session) : session_(std::move(session)) {}
    bool write(std::string data) override { return session_->stream_write(std::move(data)); }
    void close() override { session_->stream_close(); }
    bool closed() const override { return session_->stream_is_closed(); }

   private:
    std::shared_ptr<Session> session_;
  };

  // Starts the response head in out_: the status line, Content-Type, Content-Length (when
  // `with_length`), the reply's own headers and the CORS headers; each line but the last ended.
  void begin_head(const HttpReply& reply, unsigned version, bool with_length) {
    out_.clear();
    out_ += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out_ += std::to_string(reply.status);
    out_ += ' ';
    auto reason = http::obsolete_reason(static_cast<http::status>(reply.status));
    out_.append(reason.data(), reason.size());
    out_ += "\r\nContent-Type: ";
    out_ += reply.content_type;
    if (with_length) {
      out_ += "\r\nContent-Length: ";
      out_ += std::to_string(reply.body.size());
    }
    for (const auto& [name, value] : reply.headers) {
      out_.append("\r\n").append(name).append(": ").append(value);
    }
    if (!cors_.allow_origin.empty()) write_cors_headers();
  }

  // Compresses the reply in the coding the request prefers, if any, and unless it is already
  // encoded.
  void compress(HttpReply& reply, std::string_view accept_encoding) {
    for (const auto& [name, _] : reply.headers) {
      if (beast::iequals(name, "Content-Encoding")) return;
    }
    std::string coding = choose_content_coding(accept_encoding);
    if (coding.empty()) return;
    reply.body = compress_body(coding, reply.body);
    reply.headers.emplace_back("Content-Encoding", std::move(coding));
  }

  // CORS, as DynamoDB answers it: a request with an allowed Origin gets Allow-Origin and
  // Expose-Headers on every answer, errors included; a preflight (OPTIONS) also echoes the
  // requested method and headers and carries Max-Age. A request without Origin gets none.
  void read_cors(const RequestData& request) {
    std::string_view origin = request.header(RequestData::kOrigin);
    if (origin.empty() || options_.cors_origins.empty()) return;
    bool any = false, listed = false;
    for (const auto& allowed : options_.cors_origins) {
      any = any || allowed == "*";
      listed = listed || allowed == origin;
    }
    if (!any && !listed) return;
    cors_.allow_origin = any ? "*" : std::string(origin);
    cors_.vary = !any;
    cors_.preflight = request.method == http::verb::options;
    if (cors_.preflight) {
      cors_.request_method = request.header(RequestData::kCorsRequestMethod);
      cors_.request_headers = request.header(RequestData::kCorsRequestHeaders);
    }
  }

  void write_cors_headers() {
    out_ += "\r\nAccess-Control-Allow-Origin: ";
    out_ += cors_.allow_origin;
    if (cors_.vary) out_ += "\r\nVary: Origin";
    if (!options_.cors_expose_headers.empty()) {
      out_ += "\r\nAccess-Control-Expose-Headers: ";
      out_ += options_.cors_expose_headers;
    }
    if (!cors_.preflight) return;
    if (!cors_.request_method.empty()) {
      out_ += "\r\nAccess-Control-Allow-Methods: ";
      out_ += cors_.request_method;
    }
    if (!cors_.request_headers.empty()) {
      out_ += "\r\nAccess-Control-Allow-Headers: ";
      out_ += cors_.request_headers;
    }
    out_ += "\r\nAccess-Control-Max-Age: 172800";
  }

  void close() {
    beast::error_code ignored;
    stream_.shutdown(tcp::socket::shutdown_send, ignored);
  }

  tcp::socket stream_;
  beast::flat_buffer buffer_;
  // The request being read, and what it carried: kept from one request to the next.
  std::optional<RequestParser> parser_;
  RequestData request_;
  const RequestHandler& handler_;
  const ServerOptions& options_;
  const WantedHeaders wanted_;  // ServerOptions::wanted_headers
  struct Cors {
    std::string allow_origin;  // empty: no CORS headers
    bool vary = false;
    bool preflight = false;
    std::string request_method, request_headers;
  } cors_;
  Held* held_;
  std::string out_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool continue_sent_ = false;
  std::mutex stream_mutex_;
  std::string stream_queued_;   // framed bytes waiting for the next write
  std::string stream_sending_;  // the write in flight
  size_t stream_backlog_ = 0;   // bytes queued or in flight
  bool stream_chunked_ = false;
  bool stream_writing_ = false, stream_flush_posted_ = false;
  bool stream_closed_ = false;   // no more writes accepted
  bool stream_ending_ = false;   // close() asked: the connection closes once the queue is sent
  bool stream_aborted_ = false;  // the connection is gone or dropped: nothing more is sent
};

}  // namespace

// One io_context per thread (each with concurrency hint 1, so no locking or cross-thread
// wake-ups); the acceptor deals connections out to them in turn. Context 0 runs on the thread
// that calls run(); the others' threads start with the first connection dealt to them, so
// nothing but the listener stands between run() and the first reply (a thread's creation is
// ~0.3 ms of a start on a small VM).
struct HttpServer::Impl {
  Impl(RequestHandler h, const ServerOptions& o) : handler(std::move(h)), options(o) {
    unsigned threads =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < threads; ++i)
      contexts.push_back(std::make_unique<asio::io_context>(1));
    held.resize(threads);
    started.resize(threads);
    acceptor.emplace(*contexts[0]);
  }

  void accept() {
    size_t index = next_context++ % contexts.size();
    acceptor->async_accept(
        *contexts[index], [this, index](beast::error_code ec, tcp::socket socket) {
          if (!acceptor->is_open()) return;
          if (!ec) {
            socket.set_option(tcp::no_delay(true), ec);
            std::make_shared<Session>(std::move(socket), handler, options, held[index])->start();
            start_thread(index);
          }
          accept();
        });
  }

  // On context 0's thread only (the acceptor's), as is `workers`.
  void start_thread(size_t index) {
    if (index == 0 || started[index]) return;
    started[index] = true;
    workers.emplace_back([this, index] { contexts[index]->run(); });
  }

  RequestHandler handler;
  ServerOptions options;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<Session::Held> held;  // per context: the replies held for the group's commit
  std::optional<tcp::acceptor> acceptor;
  size_t next_context = 0;
  std::vector<bool> started;  // per context: its thread has started
  std::vector<std::thread> workers;
  std::optional<asio::posix::stream_descriptor> signals;  // a signalfd, once stop_on() is called
};

HttpServer::HttpServer(RequestHandler handler, const ServerOptions& options)
    : impl_(std::make_unique<Impl>(std::move(handler), options)) {}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) throw std::runtime_error("invalid host: " + impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = *impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + impl_->options.host + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->accept();
  return acceptor.local_endpoint().port();
}

void HttpServer::run() {
  // Keep every context running while it has no connection yet.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& context : impl_->contexts) guards.push_back(asio::make_work_guard(*context));
  impl_->contexts[0]->run();
  for (auto& t : impl_->workers) t.join();
  impl_->workers.clear();
}

void HttpServer::stop_on(const sigset_t& signals) {
  int fd = ::signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) throw std::runtime_error(std::string("signalfd: ") + std::strerror(errno));
  impl_->signals.emplace(*impl_->contexts[0], fd);
  impl_->signals->async_wait(asio::posix::stream_descriptor::wait_read,
                             [this](beast::error_code ec) {
                               if (!ec) stop();
                             });
}

void HttpServer::stop() {
  asio::post(*impl_->contexts[0], [this] {
    beast::error_code ignored;
    impl_->acceptor->close(ignored);
    for (auto& context : impl_->contexts) context->stop();
  });
}

}  // namespace net
