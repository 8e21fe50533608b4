// libcurl's process-wide set-up, done once before the first handle (HTTP and SMTP sinks).
#pragma once

#include <curl/curl.h>

#include <mutex>

namespace bgpsentry {

inline void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace bgpsentry
