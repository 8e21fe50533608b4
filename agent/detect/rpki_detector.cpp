#include "agent/detect/rpki_detector.h"

#include <algorithm>

#include "agent/detect/monitored_match.h"

namespace bgpsentry {

RpkiDetector::RpkiDetector(MonitoredIndexRef monitored, const RpkiValidator& validator,
                           RpkiCheckOptions options, const Clock& clock)
    : PrefixMonitor(std::move(monitored)),
      validator_(validator),
      options_(options),
      clock_(clock) {}

void RpkiDetector::check_staleness(AlertEmitter& out) {
  // The wall clock, not the data's time: staleness is about the VRPs, whatever is replayed.
  // Read once per 4,096 updates: not a clock read per update on the engine's hot path.
  if (options_.stale_after_minutes <= 0 || updates_++ % 4096 != 0) return;
  const auto now = clock_.steady();
  if (now < next_stale_check_) return;
  next_stale_check_ = now + std::chrono::seconds(1);
  const auto generated = validator_.generated();
  const uint64_t load = validator_.loads();
  if (!generated) return;
  const int64_t age_minutes = (clock_.wall_s() - *generated) / 60;
  Alert alert;
  alert.type = AlertType::kFeed;
  if (age_minutes <= options_.stale_after_minutes) {
    if (stale_open_) out.resolve(alert, clock_.wall_s() * 1000000);  // fresh VRPs again
    stale_open_ = false;
    return;
  }
  if (stale_reported_for_load_ == load) return;
  stale_reported_for_load_ = load;
  stale_open_ = true;
  alert.first_seen_us = alert.last_seen_us = clock_.wall_s() * 1000000;
  alert.source = "rpki";
  alert.description = "RPKI data is stale: the VRPs were generated " + std::to_string(age_minutes) +
                      " minutes ago (markDataAsStaleAfterMinutes " +
                      std::to_string(options_.stale_after_minutes) + ")";
  out.emit(std::move(alert));
}

void RpkiDetector::on_update(const Update& u, AlertEmitter& out) {
  check_staleness(out);
  if (!is_announcement(u)) return;
  const auto match = monitored_match(u.prefix);
  const MonitoredPrefix* monitored = match ? match->monitored : nullptr;
  const auto origins = u.attrs->as_path.origins();
  const bool by_monitored_asn = std::any_of(
      origins.begin(), origins.end(), [&](uint32_t asn) { return monitored_->monitored_asn(asn); });
  if (!monitored && !by_monitored_asn) return;

  // RFC 6811: a route whose path ends in an AS_SET has no origin AS (it matches no VRP).
  const std::optional<uint32_t> origin = u.attrs->as_path.origin();
  const auto result = validator_.vrps()->validate(u.prefix, origin);
  const bool uncovered = result.state == RovState::kNotFound;
  if (result.state == RovState::kValid || (uncovered && !options_.check_uncovered)) return;

  const uint32_t offending = origin.value_or(origins.empty() ? 0 : origins.front());
  const Prefix& monitored_prefix = monitored ? monitored->prefix : u.prefix;
  emit_finding(out, u, AlertType::kRpkiInvalid, monitored_prefix, offending, [&](Alert& alert) {
    if (monitored) alert.expected_origins = monitored->asns;
    const std::string route = "The route " + u.prefix.to_string() + " announced by " +
                              (origin ? "AS" + std::to_string(*origin) : "an AS_SET");
    if (uncovered)
      alert.description = route + " is not covered by any ROA";
    else if (result.reason == RovReason::kLength)
      alert.description = route +
                          " is not RPKI valid: it is more specific than the ROAs for its "
                          "origin allow (invalid length)";
    else
      alert.description = route + " is not RPKI valid: no ROA covering it authorizes its origin (" +
                          std::to_string(result.covering) + " covering VRPs)";
  });
}

}  // namespace bgpsentry
