// A delivery target for alerts (file, syslog, webhook, …).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "agent/config/config_sections.h"
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
  // Storm control when the config says nothing: sinks that reach people limit themselves.
  virtual StormLimit default_storm() const { return {}; }
  // The longest text one message takes (a storm digest is cut into parts of this size).
  virtual size_t max_text_bytes() const { return 60000; }
  // The agent stops: a delivery under way should end by `deadline` (what is left is sent
  // after the restart). Called from any thread.
  virtual void stop_by(std::chrono::steady_clock::time_point /*deadline*/) {}
};

}  // namespace bgpsentry
