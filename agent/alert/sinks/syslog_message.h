// Syslog lines for alerts: RFC 5424 for the network (UDP, TCP, TLS) and the local socket's
// traditional form (what glibc's syslog() writes to /dev/log, which rsyslog and journald
// read). Severity by alert type; the alert's fields go in structured data as well.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/model/alert.h"

namespace bgpsentry {

// RFC 5424's numeric facility of a name (kern, user, daemon, local0 … local7, …).
std::optional<int> syslog_facility(std::string_view name);

// 2 (crit) for hijacks and squats, 3 (err) for leaks, RPKI-invalid routes and lost
// visibility, 4 (warning) for path, neighbour, unexpected-prefix and feed alerts, 5 (notice)
// for new prefixes and every event's end.
int syslog_severity(const Alert& alert);

struct SyslogHeader {
  int facility = 3;  // daemon
  std::string hostname;
  std::string app_name = "bgpsentry";
  int pid = 0;
};

// "<PRI>1 TIMESTAMP HOST APP PID MSGID [bgpsentry@32473 …] MSG" (no trailing newline).
// 32473 is the example enterprise number of RFC 5612, as the SD-ID's private part.
std::string rfc5424_line(const SyslogHeader& header, const Alert& alert, std::string_view text,
                         int64_t now_us);
// "<PRI>Mmm dd hh:mm:ss APP[PID]: MSG" (local time, as glibc writes it).
std::string local_syslog_line(const SyslogHeader& header, const Alert& alert, std::string_view text,
                              int64_t now_us);

}  // namespace bgpsentry
