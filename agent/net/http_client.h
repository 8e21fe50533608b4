// HTTP(S) requests (webhook sinks, the Radar source) through libcurl (Debian's
// libcurl4-openssl-dev): certificates verified (a private CA through ca_file), an optional proxy,
// bounded connect and total time, http and https only, no redirects followed. One client per sink
// keeps its connection alive between requests. The URL is a secret (a Slack webhook's path is its
// token): errors name only its scheme and host.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "agent/core/result.h"

namespace bgpsentry {

struct HttpOptions {
  std::string ca_file;  // empty: the system's CAs
  std::string proxy;    // empty: none (libcurl's proxy environment variables are ignored)
  std::chrono::milliseconds timeout{10000};
  size_t max_response_bytes = 64 * 1024;  // the body is cut here (HttpResponse::truncated)
};

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::string body;  // at most HttpOptions::max_response_bytes
  bool truncated = false;
  // Retry-After (seconds or an HTTP date, as seconds from now); -1 when not sent.
  int64_t retry_after_seconds = -1;
};

// "https://hooks.slack.com/…": what an error may say of a secret URL.
std::string redacted_url(const std::string& url);

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Any answer is a response (check its status); an error is a failure to get one.
  Result<HttpResponse> send(const HttpRequest& request);
  void reset();  // the next request opens a new connection
  // From any thread: the request in flight, and every later one, fails at once (a stop).
  void abort() { aborted_ = true; }

 private:
  HttpOptions options_;
  void* curl_ = nullptr;  // CURL*
  std::atomic<bool> aborted_{false};
};

}  // namespace bgpsentry
