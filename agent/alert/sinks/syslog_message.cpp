#include "agent/alert/sinks/syslog_message.h"

#include <cstdio>
#include <ctime>
#include <utility>

namespace bgpsentry {

std::optional<int> syslog_facility(std::string_view name) {
  static const std::pair<const char*, int> kNames[] = {
      {"kern", 0},      {"user", 1},    {"mail", 2},    {"daemon", 3},  {"auth", 4},
      {"syslog", 5},    {"lpr", 6},     {"news", 7},    {"uucp", 8},    {"cron", 9},
      {"authpriv", 10}, {"ftp", 11},    {"local0", 16}, {"local1", 17}, {"local2", 18},
      {"local3", 19},   {"local4", 20}, {"local5", 21}, {"local6", 22}, {"local7", 23}};
  for (const auto& [n, code] : kNames)
    if (name == n) return code;
  return std::nullopt;
}

int syslog_severity(const Alert& alert) {
  if (alert.notice == EventNotice::kEnded) return 5;
  switch (alert.type) {
    case AlertType::kOriginHijack:
    case AlertType::kSubprefixHijack:
    case AlertType::kSquat:
      return 2;
    case AlertType::kRouteLeak:
    case AlertType::kRpkiInvalid:
    case AlertType::kVisibilityLoss:
      return 3;
    case AlertType::kNewPrefix:
      return 5;
    default:
      return 4;
  }
}

namespace {

// PARAM-VALUE: '"', '\' and ']' escaped (RFC 5424 6.3.3).
std::string sd_value(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '"' || c == '\\' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

// Header fields are printable US-ASCII without spaces, at most `max` long; "-" when empty.
std::string header_field(std::string_view v, size_t max) {
  std::string out;
  for (char c : v.substr(0, max)) out += (c > 32 && c < 127) ? c : '_';
  return out.empty() ? "-" : out;
}

std::string structured_data(const Alert& a) {
  std::string sd = "[bgpsentry@32473 alert_id=\"" + std::to_string(a.id) + "\"";
  auto param = [&](const char* name, const std::string& value) {
    if (!value.empty()) sd += std::string(" ") + name + "=\"" + sd_value(value) + "\"";
  };
  param("type", to_string(a.type));
  if (a.event_id) param("event_id", std::to_string(a.event_id));
  if (a.notice != EventNotice::kNone) {
    param("notice", to_string(a.notice));
    param("confidence", std::to_string(a.confidence));
  }
  if (a.type != AlertType::kFeed) {
    param("prefix", a.prefix.to_string());
    param("monitored_prefix", a.monitored_prefix.to_string());
    if (a.observed_origin) param("origin", std::to_string(a.observed_origin));
  }
  param("source", a.source);
  return sd + "]";
}

}  // namespace

std::string rfc5424_line(const SyslogHeader& h, const Alert& alert, std::string_view text,
                         int64_t now_us) {
  const time_t t = static_cast<time_t>(now_us / 1000000);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char stamp[48];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(now_us % 1000000));
  std::string line = "<" + std::to_string(h.facility * 8 + syslog_severity(alert)) + ">1 " + stamp +
                     " " + header_field(h.hostname, 255) + " " + header_field(h.app_name, 48) +
                     " " + std::to_string(h.pid) + " " + header_field(to_string(alert.type), 32) +
                     " " + structured_data(alert);
  if (!text.empty()) line.append(" ").append(text);
  return line;
}

std::string local_syslog_line(const SyslogHeader& h, const Alert& alert, std::string_view text,
                              int64_t now_us) {
  const time_t t = static_cast<time_t>(now_us / 1000000);
  struct tm tm {};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%b %e %H:%M:%S", &tm);
  return "<" + std::to_string(h.facility * 8 + syslog_severity(alert)) + ">" + stamp + " " +
         header_field(h.app_name, 48) + "[" + std::to_string(h.pid) + "]: " + std::string(text);
}

}  // namespace bgpsentry
