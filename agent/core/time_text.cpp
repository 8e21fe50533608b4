#include "agent/core/time_text.h"

#include <algorithm>
#include <ctime>
#include <string>

#include "agent/core/parse_number.h"

namespace bgpsentry {

std::optional<int64_t> parse_utc_time(std::string_view text) {
  if (!text.empty() && text.size() <= 12 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return static_cast<int64_t>(*parse_u64(text));
  const std::string s(text);
  for (const char* format :
       {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%SZ", "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"}) {
    std::tm tm{};
    const char* end = strptime(s.c_str(), format, &tm);
    if (end && *end == '\0') return static_cast<int64_t>(timegm(&tm));
  }
  return std::nullopt;
}

std::optional<int64_t> parse_utc_time_us(std::string_view text) {
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) {
    auto s = parse_utc_time(text);
    return s ? std::optional<int64_t>(*s * 1000000) : std::nullopt;
  }
  std::string_view fraction = text.substr(dot + 1);
  if (!fraction.empty() && fraction.back() == 'Z') fraction.remove_suffix(1);
  if (fraction.empty() || fraction.size() > 9 ||
      !std::all_of(fraction.begin(), fraction.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  auto seconds = parse_utc_time(text.substr(0, dot));
  if (!seconds) return std::nullopt;
  int64_t us = 0;
  for (size_t i = 0; i < 6; ++i) us = us * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  return *seconds * 1000000 + us;
}

namespace {

std::string format_time(int64_t time_us, const char* format, bool utc) {
  const time_t t = static_cast<time_t>(time_us / 1000000);
  std::tm tm{};
  if (utc)
    gmtime_r(&t, &tm);
  else
    localtime_r(&t, &tm);
  char buf[128];
  const size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace

std::string format_utc_time(int64_t time_us, const char* format) {
  return format_time(time_us, format, true);
}

std::string format_local_time(int64_t time_us, const char* format) {
  return format_time(time_us, format, false);
}

}  // namespace bgpsentry
