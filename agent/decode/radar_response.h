// Cloudflare Radar's BGP API answers, decoded: hijack events, route-leak events and
// prefix-to-origin data. No recorded real answer is public (../shared/data/README.md); the
// fields are those of Radar's documentation and the `cloudflare` npm package's types. An
// answer that is not JSON, says success: false, or lacks a field this needs is an error
// naming the field ("result.events[3].hijacker_asn: missing"), so that a changed schema is
// noticed, not half-read. Fields this does not need may come and go.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/core/prefix.h"
#include "agent/core/result.h"

namespace bgpsentry {

struct RadarTag {
  std::string name;
  int score = 0;
  bool operator==(const RadarTag&) const = default;
};

// One origin hijack as Radar reports it (/radar/bgp/hijacks/events).
struct RadarHijack {
  uint64_t id = 0;
  uint32_t confidence_score = 0;
  uint32_t hijacker_asn = 0;
  std::vector<uint32_t> victim_asns;
  std::vector<Prefix> prefixes;
  std::vector<RadarTag> tags;
  std::vector<uint32_t> peer_asns;
  uint64_t peer_ip_count = 0;
  uint64_t hijack_msgs_count = 0;
  uint64_t on_going_count = 0;  // Radar's count of prefixes still hijacked: 0 once over
  bool is_stale = false;
  int64_t min_hijack_us = 0, max_hijack_us = 0;
  bool ongoing() const { return on_going_count > 0; }
};

// One route leak (/radar/bgp/leaks/events).
struct RadarLeak {
  uint64_t id = 0;
  uint32_t leak_asn = 0;
  std::vector<uint32_t> leak_seg;  // the AS path segment of the leak
  uint32_t leak_type = 0;
  uint64_t leak_count = 0, peer_count = 0, prefix_count = 0, origin_count = 0;
  bool finished = false;
  int64_t detected_us = 0, min_us = 0, max_us = 0;
};

struct RadarPageInfo {
  uint64_t page = 0, per_page = 0, count = 0, total_count = 0;
};

template <typename T>
struct RadarEventsPage {
  std::vector<T> events;
  RadarPageInfo info;
};

// One prefix-to-origin row (/radar/bgp/routes/pfx2as).
struct RadarOrigin {
  Prefix prefix;
  uint32_t origin = 0;
  uint64_t peer_count = 0;
  std::string rpki_validation;  // "valid", "invalid", "unknown", as Radar says it
};

Result<RadarEventsPage<RadarHijack>> parse_radar_hijacks(std::string_view body);
Result<RadarEventsPage<RadarLeak>> parse_radar_leaks(std::string_view body);
Result<std::vector<RadarOrigin>> parse_radar_pfx2as(std::string_view body);

}  // namespace bgpsentry
