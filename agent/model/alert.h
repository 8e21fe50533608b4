// The alert model: what the engine reports, the store keeps and the sinks deliver.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/core/as_path.h"
#include "agent/core/prefix.h"

namespace bgpsentry {

// Values are stored on disk: append new types, never renumber.
enum class AlertType : uint8_t {
  kOriginHijack = 1,
  kSubprefixHijack = 2,
  kNewPrefix = 3,
  kVisibilityLoss = 4,
  kPath = 5,
  kUnexpectedPrefix = 6,
  kRpkiInvalid = 7,
  kNeighborChange = 8,
  kRouteLeak = 9,
  kSquat = 10,
  kFeed = 11,
};

const char* to_string(AlertType type);  // the API's enum name, e.g. "SUBPREFIX_HIJACK"
// The type of an API enum name, in any case ("subprefix_hijack"); nullopt for none.
std::optional<AlertType> parse_alert_type(std::string_view name);

// What an alert tells about its event. Stored values: append, never renumber.
enum class EventNotice : uint8_t {
  kNone = 0,     // an alert stored before events existed
  kStarted = 1,  // the event reached its monitor's threshold
  kChanged = 2,  // it changed materially (confidence, spread)
  kEnded = 3,    // no peer carries an offending route any more
};
const char* to_string(EventNotice notice);  // "EVENT_STARTED", … as in the API

struct Alert {
  uint64_t id = 0;  // assigned by the AlertStore, strictly increasing
  AlertType type = AlertType::kOriginHijack;
  Prefix prefix;            // the announced prefix
  Prefix monitored_prefix;  // the configured prefix it matched
  uint32_t observed_origin = 0;
  std::vector<uint32_t> expected_origins;
  AsPath as_path;
  IpAddress peer_ip;
  uint32_t peer_asn = 0;
  int64_t first_seen_us = 0;
  int64_t last_seen_us = 0;
  std::string description;
  std::string source;
  // What tells apart findings of one type, prefix and offending ASN that are different
  // events (the PATH rule that matched); usually empty. Not stored with the alert.
  std::string subject;
  uint64_t event_id = 0;  // 0: a detector's finding not yet booked into an event
  EventNotice notice = EventNotice::kNone;
  uint32_t confidence = 0;  // the event's, 0..10
  // When the AlertStore stored it (wall clock); 0 for alerts stored before this was kept.
  // How long an alert has waited on a failing sink is counted from it.
  int64_t raised_us = 0;
};

// The rules filters share (sinks, silences, streams). A FEED alert is about a source, not a
// route: no prefix filter matches it.
inline bool within(const Alert& alert, const Prefix& prefix) {
  return alert.type != AlertType::kFeed && prefix.contains(alert.prefix);
}
// Alerts stored before events (no notice) carry no confidence: every minimum lets them pass.
inline bool meets_confidence(const Alert& alert, uint32_t min_confidence) {
  return alert.notice == EventNotice::kNone || alert.confidence >= min_confidence;
}

}  // namespace bgpsentry
