// A delivery target for alerts (file, syslog, webhook, …).
#pragma once

#include <string>
#include <vector>

#include "agent/core/result.h"
#include "agent/model/alert.h"

namespace bgpsentry {

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual const std::string& name() const = 0;
  // Delivers the alerts (in id order); success means they are durably handed over.
  virtual Status deliver(const std::vector<Alert>& alerts) = 0;
  // Files and connections are opened again before the next delivery (SIGHUP: logrotate
  // moved the file away). Called from any thread.
  virtual void reopen() {}
};

}  // namespace bgpsentry
