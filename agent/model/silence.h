// A silence: alerts it matches are stored and streamed as always but not sent to the sinks
// (file, syslog, webhook, mail) until it expires. Every criterion set must match; a silence
// with none would mute everything and is refused where silences are made.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "agent/model/alert.h"

namespace bgpsentry {

struct Silence {
  uint64_t id = 0;
  int64_t created_us = 0, until_us = 0;
  std::string who, comment;
  std::optional<AlertType> type;
  std::optional<Prefix> prefix;  // the alert's prefix is this one or more specific
  uint32_t offending_asn = 0;    // 0: any
  uint64_t event_id = 0;         // 0: any

  bool has_criteria() const { return type || prefix || offending_asn || event_id; }
  bool matches(const Alert& alert, int64_t now_us) const {
    if (now_us >= until_us) return false;
    if (type && alert.type != *type) return false;
    if (prefix && !within(alert, *prefix)) return false;
    if (offending_asn && alert.observed_origin != offending_asn) return false;
    return !event_id || alert.event_id == event_id;
  }
};

// Who acknowledged an event ("someone is on it"), when, and why. Acknowledging records;
// it mutes nothing (that is what silences are for).
struct EventAck {
  uint64_t event_id = 0;
  int64_t time_us = 0;
  std::string who, comment;
};

}  // namespace bgpsentry
