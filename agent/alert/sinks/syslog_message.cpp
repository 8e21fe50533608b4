#include "agent/alert/sinks/syslog_message.h"

#include <cstdio>
#include <utility>

#include "agent/core/time_text.h"

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
  char micros[16];
  std::snprintf(micros, sizeof micros, ".%06dZ", static_cast<int>(now_us % 1000000));
  const std::string stamp = format_utc_time(now_us, "%Y-%m-%dT%H:%M:%S") + micros;
  std::string line = "<" + std::to_string(h.facility * 8 + syslog_severity(alert)) + ">1 " + stamp +
                     " " + header_field(h.hostname, 255) + " " + header_field(h.app_name, 48) +
                     " " + std::to_string(h.pid) + " " + header_field(to_string(alert.type), 32) +
                     " " + structured_data(alert);
  if (!text.empty()) line.append(" ").append(text);
  return line;
}

std::string local_syslog_line(const SyslogHeader& h, const Alert& alert, std::string_view text,
                              int64_t now_us) {
  const std::string stamp = format_local_time(now_us, "%b %e %H:%M:%S");
  return "<" + std::to_string(h.facility * 8 + syslog_severity(alert)) + ">" + stamp + " " +
         header_field(h.app_name, 48) + "[" + std::to_string(h.pid) + "]: " + std::string(text);
}

}  // namespace bgpsentry
