#include "agent/ingest/radar/radar_reports.h"

namespace bgpsentry {
namespace {

// A leak, and an origin seen in pfx2as, have no score of Radar's: the middle of the scale,
// as an unweighed report.
constexpr uint32_t kLeakConfidence = 5;
constexpr uint32_t kOriginConfidence = 5;

// An origin check's report has no Radar id: one made of the prefix and the origin (FNV-1a),
// the same at every poll and after a restart, so that its updates find its event.
uint64_t origin_report_id(const Prefix& prefix, uint32_t origin) {
  uint64_t h = 1469598103934665603ull;
  for (char c : prefix.to_string() + "/AS" + std::to_string(origin)) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ull;
  }
  return h >> 1;  // below 2^63: JSON readers keep it exact
}

}  // namespace

ExternalReport radar_report(const std::string& source, const RadarHijack& h) {
  ExternalReport r;
  r.source = source;
  r.kind = "hijack";
  r.id = h.id;
  r.type = AlertType::kOriginHijack;
  r.prefixes = h.prefixes;
  r.offending_asn = h.hijacker_asn;
  r.expected_asns = h.victim_asns;
  r.confidence = h.confidence_score;
  for (const auto& t : h.tags) r.tags.push_back({t.name, t.score});
  r.peer_asns = h.peer_asns;
  r.peer_count = h.peer_ip_count;
  r.start_us = h.min_hijack_us;
  r.last_seen_us = h.max_hijack_us;
  r.ongoing = h.ongoing();
  return r;
}

ExternalReport radar_report(const std::string& source, const RadarLeak& l) {
  ExternalReport r;
  r.source = source;
  r.kind = "leak";
  r.id = l.id;
  r.type = AlertType::kRouteLeak;
  r.offending_asn = l.leak_asn;
  r.confidence = kLeakConfidence;
  r.peer_count = l.peer_count;
  r.leak_segment = l.leak_seg;
  r.start_us = l.min_us;
  r.last_seen_us = l.max_us;
  r.ongoing = !l.finished;
  return r;
}

ExternalReport radar_origin_report(const std::string& source, const Prefix& prefix, uint32_t origin,
                                   const std::vector<uint32_t>& expected, bool ongoing,
                                   int64_t now_us) {
  ExternalReport r;
  r.source = source;
  r.kind = "origin";
  r.id = origin_report_id(prefix, origin);
  r.type = AlertType::kOriginHijack;
  r.offending_asn = origin;
  r.expected_asns = expected;
  r.confidence = kOriginConfidence;
  r.start_us = r.last_seen_us = now_us;
  r.ongoing = ongoing;
  return r;
}

}  // namespace bgpsentry
