#include "agent/net/http_client.h"

#include <curl/curl.h>

#include <algorithm>

#include "agent/net/curl_global.h"

namespace bgpsentry {

namespace {

struct Collected {
  HttpResponse* response;
  size_t max;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* c = static_cast<Collected*>(user);
  std::string& body = c->response->body;
  const size_t n = size * count;
  const size_t room = c->max - std::min(c->max, body.size());
  if (n > room) c->response->truncated = true;
  body.append(data, std::min(n, room));
  return n;
}

// libcurl asks this every second or so, and on progress: non-zero ends the transfer.
int keep_going(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;
}

}  // namespace

std::string redacted_url(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "(a URL)";
  const size_t host_end = url.find_first_of("/?#", scheme + 3);
  std::string host = url.substr(
      scheme + 3, host_end == std::string::npos ? std::string::npos : host_end - scheme - 3);
  if (const size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  return url.substr(0, scheme + 3) + host + (host_end == std::string::npos ? "" : "/…");
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
  init_curl_once();
}

HttpClient::~HttpClient() {
  reset();
}

void HttpClient::reset() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
  curl_ = nullptr;
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request) {
  if (aborted_) return Error{redacted_url(request.url) + ": stopped"};
  if (!curl_) curl_ = curl_easy_init();
  CURL* curl = static_cast<CURL*>(curl_);
  if (!curl) return Error{"cannot start libcurl"};
  curl_easy_reset(curl);  // keeps the connection, clears the last request's options
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {};
  curl_slist* headers = nullptr;
  for (const auto& h : request.headers) headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  // An empty string turns off the proxy environment variables: only the config decides.
  curl_easy_setopt(curl, CURLOPT_PROXY, options_.proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "bgpsentry");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  Collected collected{&response, options_.max_response_bytes};
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, keep_going);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &aborted_);
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST")
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    std::string why = error[0] ? error : curl_easy_strerror(rc);
    // libcurl's message may quote the URL: keep only what redacted_url shows.
    if (const size_t at = why.find(request.url); at != std::string::npos)
      why.replace(at, request.url.size(), redacted_url(request.url));
    reset();
    return Error{redacted_url(request.url) + ": " + why};
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_off_t retry_after = 0;
  if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0)
    response.retry_after_seconds = static_cast<int64_t>(retry_after);
  return response;
}

}  // namespace bgpsentry
