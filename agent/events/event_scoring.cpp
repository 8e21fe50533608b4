#include "agent/events/event_scoring.h"

#include <spdlog/spdlog.h>

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

// How the offending origin relates to the expected ones: a customer, provider or sibling of
// the victim announcing its space is usually delegation, scrubbing or a misconfiguration
// between partners, not an attack; an AS with no business relation to it is the classic
// hijacker.
std::pair<const char*, int> relationship_tag(const Event& e, const AsRelationships& rel) {
  AsRelation closest = AsRelation::kUnknown;
  for (uint32_t expected : e.expected_asns) {
    const AsRelation r = rel.relation(e.offending_asn, expected);
    // Sibling and customer say most, then provider, then peer.
    auto rank = [](AsRelation x) {
      switch (x) {
        case AsRelation::kSibling:
          return 4;
        case AsRelation::kCustomer:
          return 3;
        case AsRelation::kProvider:
          return 2;
        case AsRelation::kPeer:
          return 1;
        default:
          return 0;
      }
    };
    if (rank(r) > rank(closest)) closest = r;
  }
  switch (closest) {
    case AsRelation::kSibling:
      return {"offending_is_sibling", -3};
    case AsRelation::kCustomer:
      return {"offending_is_customer", -3};
    case AsRelation::kProvider:
      return {"offending_is_provider", -2};
    case AsRelation::kPeer:
      return {"offending_is_peer", -1};
    default:
      return {"offending_unrelated", 1};
  }
}

bool is_hijack(AlertType type) {
  return type == AlertType::kOriginHijack || type == AlertType::kSubprefixHijack;
}

}  // namespace

void score_event(Event& e, const ScoringContext& context) {
  const VrpSet* vrps = context.vrps;
  const AsRelationships* relationships = context.relationships;
  e.tags.clear();
  if (!e.detected && !e.reports.empty()) {
    // Only another monitor saw it: its own score and evidence, as it gave them.
    uint32_t confidence = 0;
    for (const auto& r : e.reports) {
      e.tags.push_back({"reported_by_" + r.source, 0});
      for (const auto& t : r.tags) e.tags.push_back({r.source + ":" + t.name, t.score});
      confidence = std::max(confidence, r.confidence);
    }
    e.confidence = std::min<uint32_t>(confidence, 10);
    return;
  }
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
  // IRR as Radar reads it: whether the route objects covering the prefix name the new
  // origin (and the expected one). Weaker than RPKI: anyone may register in some IRRs.
  if (context.irr && e.offending_asn && about_an_origin(e.type)) {
    const IrrCheck check = context.irr->check(prefix, e.offending_asn);
    switch (check.verdict) {
      case IrrVerdict::kValid:
        tag("irr_new_origin_valid", -2);
        break;
      case IrrVerdict::kInvalidOrigin:
        tag("irr_new_origin_invalid", 2);
        break;
      case IrrVerdict::kNotFound:
        tag("irr_no_object", 0);
        break;
    }
    const bool old_origin_registered =
        std::any_of(check.covering.begin(), check.covering.end(), [&](const IrrRoute& r) {
          return std::find(e.expected_asns.begin(), e.expected_asns.end(), r.origin) !=
                 e.expected_asns.end();
        });
    if (old_origin_registered) tag("irr_old_origin_valid", 0);
  }
  if (relationships && e.offending_asn && !e.expected_asns.empty() && is_hijack(e.type)) {
    const auto [name, s] = relationship_tag(e, *relationships);
    tag(name, s);
  }
  // Multi-origin prefixes, anycast and backup origins come back; a hijacker is new.
  if (context.origin_seen_before && e.offending_asn && is_hijack(e.type)) {
    if (*context.origin_seen_before)
      tag("origin_seen_before", -2);
    else
      tag("origin_new_for_prefix", 1);
  }
  if (e.type == AlertType::kSubprefixHijack) tag("more_specific", 1);  // takes all the traffic
  // One prefix's length says little about an event over many (a leak, a new neighbour).
  if (!spans_prefixes(e.type) &&
      (prefix.afi() == Afi::kIpv4 ? prefix.length() > 24 : prefix.length() > 48))
    tag(prefix.afi() == Afi::kIpv4 ? "longer_than_24" : "longer_than_48", -2);
  if (e.max_visibility >= 0.5)
    tag("seen_by_most_peers", 2);
  else if (e.max_visibility >= 0.2)
    tag("seen_by_many_peers", 1);
  else if (e.max_visibility < 0.05)
    tag("seen_by_few_peers", -1);
  if (e.offending_asn && origin_prepends(e.as_path)) tag("origin_prepends", -1);
  // Another vantage (Cloudflare Radar) saw the same thing: more certain.
  if (!e.reports.empty()) tag("radar_corroborated", 2);
  e.confidence = static_cast<uint32_t>(std::clamp(score, 0, 10));
}

EventScorer::History EventScorer::history_of(const HistoryStore& store) {
  return [&store](const Prefix& prefix, uint32_t origin, int64_t before_us) -> std::optional<bool> {
    auto seen = store.announced_before(prefix, origin, before_us);
    if (!seen) {
      spdlog::warn("event scoring: history not readable: {}", seen.error());
      return std::nullopt;
    }
    return *seen;
  };
}

EventScorer::EventScorer(Vrps vrps, std::shared_ptr<const AsRelationships> relationships,
                         History history, Irr irr)
    : vrps_(std::move(vrps)),
      relationships_(std::move(relationships)),
      history_(std::move(history)),
      irr_(std::move(irr)) {}

void EventScorer::operator()(Event& e) {
  ScoringContext context;
  const auto vrps = vrps_ ? vrps_() : nullptr;
  context.vrps = vrps.get();
  context.relationships = relationships_.get();
  const auto irr = irr_ ? irr_() : nullptr;
  context.irr = irr.get();
  if (history_ && is_hijack(e.type) && e.offending_asn && !e.prefixes.empty()) {
    auto [it, added] = seen_before_.try_emplace(e.id);
    if (added) it->second = history_(e.prefixes.front(), e.offending_asn, e.start_us);
    context.origin_seen_before = it->second;
    if (e.status == EventStatus::kEnded) seen_before_.erase(it);
  }
  score_event(e, context);
}

}  // namespace bgpsentry
