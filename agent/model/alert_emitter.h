// Where findings and notices go: the one interface between those who raise alerts
// (detectors, the event book, feed events) and those who take them (the event book, the
// alert router), so that neither side includes the other.
#pragma once

#include <cstdint>

#include "agent/model/alert.h"

namespace bgpsentry {

// Receives alerts: the event book takes detectors' findings, the alert router the notices.
class AlertEmitter {
 public:
  virtual ~AlertEmitter() = default;
  virtual void emit(Alert alert) = 0;
  // Whether a finding with these key fields (type, prefix, observed_origin, subject) should
  // carry its details (path, expected origins, description): only one that opens an event
  // needs them, not each further piece of evidence. Building them for every update that
  // offends would cost more than detecting.
  virtual bool wants_details(const Alert& finding) const {
    (void)finding;
    return true;
  }
  // What a finding with these key fields reported is over. For what no peer carries (a
  // FEED finding): peer-carried findings end from per-peer state.
  virtual void resolve(const Alert& finding, int64_t time_us) {
    (void)finding;
    (void)time_us;
  }
};

}  // namespace bgpsentry
