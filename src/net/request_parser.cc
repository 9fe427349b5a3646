#include "net/request_parser.h"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>

namespace net {

namespace http = boost::beast::http;

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
  for (size_t i = 0; i < count; ++i) {
    fields[i] = http::string_to_field(wanted[i]);
    names[i] = wanted[i];
  }
}

RequestParser::RequestParser(RequestData& data, const WantedHeaders& wanted, bool collect_all)
    : data_(data), wanted_(wanted), collect_all_(collect_all) {
  data_.clear();
}

void RequestParser::on_request_impl(http::verb method, string_view method_string,
                                    string_view target, int version, error_code&) {
  data_.method = method;
  data_.method_string.assign(method_string.data(), method_string.size());
  data_.target.assign(target.data(), target.size());
  data_.version = static_cast<unsigned>(version);
}

void RequestParser::on_response_impl(int, string_view, int, error_code& ec) {
  ec = http::error::bad_version;  // a request parser is never given a response
}

// The first value of each name is kept, as a lookup in beast's own header set finds it.
void RequestParser::keep(size_t which, string_view value) {
  auto& span = data_.spans_[which];
  if (span.first != RequestData::kAbsent) return;
  span = {static_cast<uint32_t>(data_.values_.size()), static_cast<uint32_t>(value.size())};
  data_.values_.append(value.data(), value.size());
}

void RequestParser::on_field_impl(http::field name, string_view name_string, string_view value,
                                  error_code&) {
  // The headers the server itself reads, by beast's name for each.
  static constexpr std::pair<http::field, size_t> kServerHeaders[] = {
      {http::field::authorization, RequestData::kAuthorization},
      {http::field::host, RequestData::kHost},
      {http::field::if_none_match, RequestData::kIfNoneMatch},
      {http::field::accept_encoding, RequestData::kAcceptEncoding},
      {http::field::origin, RequestData::kOrigin},
      {http::field::expect, RequestData::kExpect},
      {http::field::access_control_request_method, RequestData::kCorsRequestMethod},
      {http::field::access_control_request_headers, RequestData::kCorsRequestHeaders},
  };
  if (name != http::field::unknown) {
    for (auto [field, which] : kServerHeaders) {
      if (name == field) {
        keep(which, value);
        break;
      }
    }
  }
  for (size_t i = 0; i < wanted_.count; ++i) {
    bool named = wanted_.fields[i] == http::field::unknown
                     ? boost::beast::iequals(name_string, wanted_.names[i])
                     : name == wanted_.fields[i];
    if (named) keep(RequestData::kFirstWanted + i, value);
  }
  if (collect_all_) {
    data_.all_headers.emplace_back(std::string(name_string.data(), name_string.size()),
                                   std::string(value.data(), value.size()));
  }
}

void RequestParser::on_header_impl(error_code&) {}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code&) {
  // basic_parser has refused a length past the body limit already.
  if (content_length) data_.body.reserve(static_cast<size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(string_view body, error_code&) {
  data_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t, string_view, error_code&) {}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  data_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_finish_impl(error_code&) {}

}  // namespace net
