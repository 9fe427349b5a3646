#include "net/request_parser.h"

#include <algorithm>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/ascii.h"

namespace net {

namespace http = boost::beast::http;
using boost::beast::error_code;

std::string_view RequestData::header(size_t which) const {
  auto [offset, size] = spans_[which];
  if (offset == kAbsent) return {};
  return std::string_view(values_.data() + offset, size);
}

void RequestData::clear() {
  method = http::verb::unknown;
  method_string.clear();
  target.clear();
  version = 11;
  // A body's buffer is kept for the next request unless it grew past 1 MB: a connection that
  // once sent a large body does not hold its size while it idles.
  if (body.capacity() > kKeptBodyBytes) {
    std::string().swap(body);
  } else {
    body.clear();
  }
  all_headers.clear();
  values_.clear();
  spans_.fill({kAbsent, 0});
}

WantedHeaders::WantedHeaders(const std::vector<std::string>& wanted)
    : count(std::min(wanted.size(), RequestData::kMaxWanted)) {
  for (size_t i = 0; i < count; ++i) names[i] = common::ascii_lower(wanted[i]);
}

namespace {

// tchar (RFC 9110 5.6.2), as Beast's is_token_char: a method's and a header name's bytes.
constexpr auto kToken = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = table[c - 'a' + 'A'] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// A request target's bytes, as Beast's is_pathchar: no controls, space or DEL.
bool is_target_byte(unsigned char c) {
  return c > 0x20 && c != 0x7f;
}

// A header value's bytes, as Beast reads a line to its CRLF: no controls but HTAB, no DEL.
bool is_value_byte(unsigned char c) {
  return (c >= 0x20 && c != 0x7f) || c == '\t';
}

// The first byte from `at` on that cannot be in a header value, or `end`. Sixteen bytes at a
// time where SSE2 is there: a value is most of a head's bytes (a SigV4 Authorization ~200).
const char* end_of_value(const char* at, const char* end) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
  while (end - at >= 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    // A signed compare: obs-text (0x80-0xff) is flagged with the controls and let through below.
    int flagged =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(block, space), _mm_cmpeq_epi8(block, del)));
    if (flagged == 0) {
      at += 16;
      continue;
    }
    at += __builtin_ctz(static_cast<unsigned>(flagged));
    if (!is_value_byte(static_cast<unsigned char>(*at))) return at;
    ++at;
  }
#endif
  while (at < end && is_value_byte(static_cast<unsigned char>(*at))) ++at;
  return at;
}

// Whether a header name (or a value of one token) is `lower` (lowercase) but for ASCII case.
bool is_named(std::string_view name, std::string_view lower) {
  if (name.size() != lower.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (static_cast<unsigned>(c - 'A') < 26u) c = static_cast<unsigned char>(c + ('a' - 'A'));
    if (c != static_cast<unsigned char>(lower[i])) return false;
  }
  return true;
}

}  // namespace

// Beast's basic_parser, for the requests the fast path hands over: its callbacks fill the
// RequestData as the fast path does.
class RequestParser::BeastReader : public http::basic_parser<true> {
 public:
  explicit BeastReader(RequestParser& owner) : owner_(owner) {}

 private:
  using string_view = boost::beast::string_view;

  void on_request_impl(http::verb method, string_view method_string, string_view target,
                       int version, error_code&) override {
    RequestData& data = owner_.data_;
    data.method = method;
    data.method_string.assign(method_string.data(), method_string.size());
    data.target.assign(target.data(), target.size());
    data.version = static_cast<unsigned>(version);
  }
  void on_response_impl(int, string_view, int, error_code& ec) override {
    ec = http::error::bad_version;  // a request parser is never given a response
  }
  void on_field_impl(http::field, string_view name, string_view value, error_code&) override {
    owner_.take(std::string_view(name.data(), name.size()),
                std::string_view(value.data(), value.size()));
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code&) override {
    // basic_parser has refused a length past the body limit already.
    if (content_length) owner_.data_.body.reserve(static_cast<size_t>(*content_length));
  }
  std::size_t on_body_impl(string_view body, error_code&) override {
    owner_.data_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    owner_.data_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  RequestParser& owner_;
};

RequestParser::RequestParser(RequestData& data, const WantedHeaders& wanted, bool collect_all,
                             bool fast)
    : data_(data), wanted_(wanted), collect_all_(collect_all), fast_(fast) {
  data_.clear();
}

RequestParser::~RequestParser() = default;

// Stores a header's value where the server or the handler asked for it, as a lookup in Beast's
// own header set would find it (the first value of each name), and in all_headers when asked.
void RequestParser::take(std::string_view name, std::string_view value) {
  auto keep = [&](size_t which) {
    auto& span = data_.spans_[which];
    if (span.first != RequestData::kAbsent) return;
    span = {static_cast<uint32_t>(data_.values_.size()), static_cast<uint32_t>(value.size())};
    data_.values_.append(value.data(), value.size());
  };
  // The headers the server itself reads, by length first.
  switch (name.size()) {
    case 4:
      if (is_named(name, "host")) keep(RequestData::kHost);
      break;
    case 6:
      if (is_named(name, "origin")) keep(RequestData::kOrigin);
      if (is_named(name, "expect")) keep(RequestData::kExpect);
      break;
    case 13:
      if (is_named(name, "authorization")) keep(RequestData::kAuthorization);
      if (is_named(name, "if-none-match")) keep(RequestData::kIfNoneMatch);
      break;
    case 15:
      if (is_named(name, "accept-encoding")) keep(RequestData::kAcceptEncoding);
      break;
    case 29:
      if (is_named(name, "access-control-request-method")) keep(RequestData::kCorsRequestMethod);
      break;
    case 30:
      if (is_named(name, "access-control-request-headers")) {
        keep(RequestData::kCorsRequestHeaders);
      }
      break;
  }
  for (size_t i = 0; i < wanted_.count; ++i) {
    if (is_named(name, wanted_.names[i])) keep(RequestData::kFirstWanted + i);
  }
  if (collect_all_) data_.all_headers.emplace_back(name, value);
}

size_t RequestParser::put(boost::asio::const_buffer buffer, error_code& ec) {
  ec = {};
  const char* bytes = static_cast<const char*>(buffer.data());
  size_t size = buffer.size();
  switch (state_) {
    case State::kBeast:
      return beast_->put(buffer, ec);
    case State::kDone:
      return 0;
    case State::kBody:
      return read_body(bytes, size);
    case State::kHead:
      break;
  }
  if (size == 0) {
    ec = http::error::need_more;
    return 0;
  }
  size_t head = fast_ ? read_whole_head(bytes, size) : 0;
  if (head == 0) return hand_to_beast(buffer, ec);
  return head + read_body(bytes + head, size - head);
}

// The fast path: the head, if the buffer holds all of it within the header limit and it keeps
// to the plain form (the header comment). Returns its size with the request line and headers
// taken into data_, or 0, with data_ as it was, for Beast to read the request instead. One pass,
// each scan bounded by the buffer (a head that runs past it is Beast's to wait for).
size_t RequestParser::read_whole_head(const char* bytes, size_t size) {
  const char* end = bytes + std::min(size, header_limit_);
  // request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 3)
  const char* at = bytes;
  while (at < end && kToken[static_cast<unsigned char>(*at)]) ++at;
  if (at == bytes || at == end || *at != ' ') return 0;
  std::string_view method(bytes, at - bytes);
  const char* target = ++at;
  while (at < end && is_target_byte(static_cast<unsigned char>(*at))) ++at;
  if (at == target || end - at < 11 || std::memcmp(at, " HTTP/1.1\r\n", 11) != 0) return 0;
  data_.method = http::string_to_verb({method.data(), method.size()});
  data_.method_string.assign(method);
  data_.target.assign(target, at - target);
  data_.version = 11;
  const char* head_end = read_fields(at + 11, end);
  if (head_end == nullptr) {
    data_.clear();
    length_.reset();
    close_ = false;
    return 0;
  }
  if (length_) {
    remaining_ = *length_;
    data_.body.reserve(static_cast<size_t>(*length_));
  }
  state_ = remaining_ > 0 ? State::kBody : State::kDone;
  return head_end - bytes;
}

// header-field = field-name ":" OWS field-value OWS, one a line, to the empty line that ends
// the head. Returns the end of that line, or null for anything the fast path leaves to Beast.
const char* RequestParser::read_fields(const char* at, const char* end) {
  for (;;) {
    if (end - at < 2) return nullptr;
    if (*at == '\r') return at[1] == '\n' ? at + 2 : nullptr;
    const char* name = at;
    while (at < end && kToken[static_cast<unsigned char>(*at)]) ++at;
    if (at == name || at == end || *at != ':') return nullptr;
    std::string_view name_text(name, at - name);
    ++at;
    while (at < end && (*at == ' ' || *at == '\t')) ++at;
    const char* value = at;
    at = end_of_value(at, end);
    // The line's CRLF, and the next line's first byte: SP or HTAB there is an obs-fold, which
    // Beast joins to this line.
    if (end - at < 3 || at[0] != '\r' || at[1] != '\n' || at[2] == ' ' || at[2] == '\t') {
      return nullptr;
    }
    const char* value_end = at;
    while (value_end != value && (value_end[-1] == ' ' || value_end[-1] == '\t')) --value_end;
    at += 2;
    std::string_view value_text(value, value_end - value);

    // The headers that change how the request is framed or the connection kept are Beast's,
    // but for one Content-Length of digits within the body limit and a Connection of one
    // token, keep-alive (HTTP/1.1's default) or close (RFC 9112 9.3, 9.6).
    switch (name_text.size()) {
      case 7:
      case 16:
      case 17:
        if (is_named(name_text, "upgrade") || is_named(name_text, "proxy-connection") ||
            is_named(name_text, "transfer-encoding")) {
          return nullptr;
        }
        break;
      case 10:
        if (is_named(name_text, "connection")) {
          if (is_named(value_text, "close")) {
            close_ = true;
          } else if (!is_named(value_text, "keep-alive")) {
            return nullptr;
          }
        }
        break;
      case 14:
        if (is_named(name_text, "content-length")) {
          if (length_ || value_text.empty() || value_text.size() > 15) return nullptr;
          uint64_t length = 0;
          for (char c : value_text) {
            if (c < '0' || c > '9') return nullptr;
            length = length * 10 + static_cast<uint64_t>(c - '0');
          }
          if (length > body_limit_) return nullptr;
          length_ = length;
        }
        break;
    }
    take(name_text, value_text);
  }
}

size_t RequestParser::read_body(const char* bytes, size_t size) {
  size_t used = static_cast<size_t>(std::min<uint64_t>(remaining_, size));
  data_.body.append(bytes, used);
  remaining_ -= used;
  if (remaining_ == 0) state_ = State::kDone;
  return used;
}

size_t RequestParser::hand_to_beast(boost::asio::const_buffer buffer, error_code& ec) {
  beast_ = std::make_unique<BeastReader>(*this);
  beast_->eager(true);
  beast_->header_limit(static_cast<std::uint32_t>(header_limit_));
  beast_->body_limit(body_limit_);
  state_ = State::kBeast;
  return beast_->put(buffer, ec);
}

bool RequestParser::is_header_done() const {
  return state_ == State::kBeast ? beast_->is_header_done() : state_ != State::kHead;
}

bool RequestParser::is_done() const {
  return state_ == State::kBeast ? beast_->is_done() : state_ == State::kDone;
}

std::optional<uint64_t> RequestParser::content_length() const {
  if (state_ != State::kBeast) return length_;
  auto length = beast_->content_length();
  return length ? std::optional<uint64_t>(*length) : std::nullopt;
}

std::optional<uint64_t> RequestParser::content_length_remaining() const {
  if (state_ != State::kBeast) return length_ ? std::optional<uint64_t>(remaining_) : std::nullopt;
  auto left = beast_->content_length_remaining();
  return left ? std::optional<uint64_t>(*left) : std::nullopt;
}

// HTTP/1.1: the connection stays open unless the request said close (RFC 9112 9.3).
bool RequestParser::keep_alive() const {
  return state_ == State::kBeast ? beast_->keep_alive() : !close_;
}

}  // namespace net
