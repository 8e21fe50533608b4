// Route origin validation (RFC 6811) of announcements of monitored prefixes (and their
// more-specifics) and of announcements originated by monitored ASNs: RPKI-invalid origins
// and lengths, and with checkUncovered also routes no VRP covers (BGPalerter's
// monitorRPKI). VRP data older than markDataAsStaleAfterMinutes raises a FEED alert.
#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include "agent/core/clock.h"
#include "agent/detect/prefix_monitor.h"
#include "agent/rpki/rpki_validator.h"

namespace bgpsentry {

struct RpkiCheckOptions {
  bool check_uncovered = false;
  int64_t stale_after_minutes = 120;  // 0: never stale
};

class RpkiDetector : public PrefixMonitor {
 public:
  // `clock` times the staleness check (the VRPs' age, how often it is looked at).
  RpkiDetector(MonitoredIndexRef monitored, const RpkiValidator& validator,
               RpkiCheckOptions options, const Clock& clock = real_clock());
  const char* name() const override { return "rpki"; }
  void on_update(const Update& update, AlertEmitter& out) override;

 private:
  void check_staleness(AlertEmitter& out);

  const RpkiValidator& validator_;
  RpkiCheckOptions options_;
  const Clock& clock_;
  std::chrono::steady_clock::time_point next_stale_check_{};
  uint64_t updates_ = 0;
  uint64_t stale_reported_for_load_ = 0;  // the validator's load count it was said for
  bool stale_open_ = false;               // said stale, not yet fresh again
};

}  // namespace bgpsentry
