#include "agent/detect/event_scoring.h"

#include <algorithm>

namespace bgpsentry {
namespace {

int base_confidence(AlertType type) {
  switch (type) {
    case AlertType::kSquat:
      return 6;  // nobody may announce it at all
    case AlertType::kNewPrefix:
      return 3;  // the expected origin: more often planned than not
    case AlertType::kUnexpectedPrefix:
    case AlertType::kNeighborChange:
      return 4;
    default:
      return 5;
  }
}

// Whether the origin announced the route hijackers claim with (an offending origin) is
// one of the types RPKI speaks about.
bool about_an_origin(AlertType type) {
  switch (type) {
    case AlertType::kOriginHijack:
    case AlertType::kSubprefixHijack:
    case AlertType::kSquat:
    case AlertType::kUnexpectedPrefix:
    case AlertType::kRpkiInvalid:
      return true;
    default:
      return false;
  }
}

// The origin repeated at the end of the path: prepending, which is traffic engineering by
// whoever controls the origin, rarely what a hijacker bothers with.
bool origin_prepends(const AsPath& path) {
  const auto& segments = path.segments();
  if (segments.empty() || segments.back().type != SegmentType::kSequence) return false;
  const auto& asns = segments.back().asns;
  return asns.size() >= 2 && asns[asns.size() - 1] == asns[asns.size() - 2];
}

}  // namespace

void score_event(Event& e, const VrpSet* vrps) {
  e.tags.clear();
  int score = base_confidence(e.type);
  auto tag = [&](const char* name, int s) {
    e.tags.push_back(EventTag{name, s});
    score += s;
  };
  const Prefix& prefix = e.prefixes.empty() ? e.monitored_prefix : e.prefixes.front();
  if (vrps && e.offending_asn && about_an_origin(e.type)) {
    switch (vrps->validate(prefix, e.offending_asn).state) {
      case RovState::kValid:
        tag("rpki_valid_origin", -3);  // a ROA says this origin may announce it
        break;
      case RovState::kInvalid:
        tag("rpki_invalid_origin", 2);
        break;
      case RovState::kNotFound:
        tag("rpki_not_found", 0);
        break;
    }
  }
  if (e.type == AlertType::kSubprefixHijack) tag("more_specific", 1);  // takes all the traffic
  if (prefix.afi() == Afi::kIpv4 ? prefix.length() > 24 : prefix.length() > 48)
    tag(prefix.afi() == Afi::kIpv4 ? "longer_than_24" : "longer_than_48", -2);
  if (e.max_visibility >= 0.5)
    tag("seen_by_most_peers", 2);
  else if (e.max_visibility >= 0.2)
    tag("seen_by_many_peers", 1);
  else if (e.max_visibility < 0.05)
    tag("seen_by_few_peers", -1);
  if (e.offending_asn && origin_prepends(e.as_path)) tag("origin_prepends", -1);
  e.confidence = static_cast<uint32_t>(std::clamp(score, 0, 10));
}

}  // namespace bgpsentry
