// The event model: alerts about the same thing (type, prefix, offending ASN) grouped into
// one event with a lifecycle, a confidence score and the evidence behind it (tags), as
// Cloudflare Radar reports hijacks and leaks.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "agent/core/prefix.h"
#include "agent/model/alert.h"

namespace bgpsentry {

// Stored values: append, never renumber.
enum class EventStatus : uint8_t {
  kOngoing = 1,  // some peer still carries an offending route
  kEnded = 2,    // none does any more
};
const char* to_string(EventStatus status);  // "ONGOING", "ENDED"

// One piece of evidence and how much it moved the confidence (may be negative).
struct EventTag {
  std::string name;
  int score = 0;
  bool operator==(const EventTag&) const = default;
};

// A vantage point: a peer of a collector (source).
struct EventPeer {
  std::string source;
  IpAddress ip;
  uint32_t asn = 0;
  bool operator==(const EventPeer&) const = default;
};

// Types whose events gather every prefix with the same offender and subject (a new
// neighbour of a monitored AS, a leak through one segment), as Cloudflare Radar reports
// leaks: one event with its prefixes, not one per prefix. Others: one event per prefix.
inline bool spans_prefixes(AlertType type) {
  return type == AlertType::kNeighborChange || type == AlertType::kRouteLeak;
}

// An event over many prefixes has no one monitored prefix, nor has a FEED event.
inline bool has_monitored_prefix(AlertType type) {
  return !spans_prefixes(type) && type != AlertType::kFeed;
}

// What another monitor reported about the same thing (Cloudflare Radar's hijack and leak
// events, and its prefix-to-origin data), as it reported it: kept on the event beside
// bgpsentry's own evidence.
struct ExternalReport {
  std::string source;  // the reporting source's name in bgpsentry.yml ("radar")
  std::string kind;    // "hijack", "leak" or "origin" (pfx2as showed an unexpected origin)
  uint64_t id = 0;     // its event id (0 for an origin check)
  AlertType type = AlertType::kOriginHijack;  // what bgpsentry calls it
  std::vector<Prefix> prefixes;
  uint32_t offending_asn = 0;           // hijacker_asn, leak_asn or the unexpected origin
  std::vector<uint32_t> expected_asns;  // victim_asns
  uint32_t confidence = 0;              // its own score (Radar: confidence_score)
  std::vector<EventTag> tags;           // its evidence, with its scores
  std::vector<uint32_t> peer_asns;
  uint64_t peer_count = 0;                 // peer_ip_count, peer_count
  std::vector<uint32_t> leak_segment;      // leak_seg
  int64_t start_us = 0, last_seen_us = 0;  // min/max timestamps
  bool ongoing = true;                     // Radar's on-going (hijack) / not finished (leak)
  bool operator==(const ExternalReport&) const = default;
};

struct Event {
  uint64_t id = 0;  // assigned when the event starts, strictly increasing
  AlertType type = AlertType::kOriginHijack;
  EventStatus status = EventStatus::kOngoing;
  std::vector<Prefix> prefixes;
  Prefix monitored_prefix;
  uint32_t offending_asn = 0;  // hijacker, leaker, unexpected origin; 0 when none applies
  std::string subject;         // Alert::subject of its findings
  std::vector<uint32_t> expected_asns;
  int64_t start_us = 0;  // first evidence
  int64_t end_us = 0;    // 0 while ONGOING
  int64_t last_seen_us = 0;
  std::vector<EventPeer> peers;    // every peer that carried it (peers_seen = size)
  std::vector<uint32_t> carriers;  // indices into peers: those carrying it now
  // An event over many prefixes (spans_prefixes): the routes carried now, as (index into
  // peers, index into prefixes), sorted. Empty for a one-prefix event.
  std::vector<std::pair<uint32_t, uint32_t>> carried_routes;
  std::vector<uint32_t> peer_asns;  // the peers' ASNs, sorted, unique
  double max_visibility = 0;        // largest share of up peers carrying it at once, 0..1
  uint32_t confidence = 0;          // 0..10
  std::vector<EventTag> tags;
  std::string description;
  AsPath as_path;  // an offending path, as first seen
  // Whether bgpsentry's own detection saw it (false: only another monitor reported it).
  bool detected = true;
  std::vector<ExternalReport> reports;  // by other monitors, one per (source, kind, id)
};

// "bgpsentry" when its own detection saw it, then each reporting source once, in order.
std::vector<std::string> event_sources(const Event& event);

// A FEED event about an ingest source (an outage, shed updates) is kept by FeedEvents, off
// the engine thread; its subject names the source. A FEED event without a subject (stale
// VRPs) is the engine's EventBook's.
inline bool is_source_feed_event(const Event& e) {
  return e.type == AlertType::kFeed && !e.subject.empty();
}

}  // namespace bgpsentry
