#include "aws/http_get.h"

#include <curl/curl.h>

#include <stdexcept>

namespace aws {

namespace {
size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}
}  // namespace

std::string http_get(const std::string& url, long timeout_ms) {
  CURL* curl = curl_easy_init();
  if (!curl) throw std::runtime_error("cannot initialise libcurl");
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK)
    throw std::runtime_error("cannot fetch " + url + ": " + curl_easy_strerror(code));
  if (status != 200)
    throw std::runtime_error("cannot fetch " + url + ": HTTP " + std::to_string(status));
  return body;
}

}  // namespace aws
