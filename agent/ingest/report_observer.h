// Where a source that reports events rather than updates (Cloudflare Radar) hands them: the
// agent merges each with its own events (EventBook::report). Called on the source's thread;
// the observer must not block for long.
#pragma once

#include "agent/model/event.h"

namespace bgpsentry {

class ReportObserver {
 public:
  virtual ~ReportObserver() = default;
  virtual void report(ExternalReport report) = 0;
};

}  // namespace bgpsentry
