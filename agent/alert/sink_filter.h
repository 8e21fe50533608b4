// What one sink takes of the alerts (the keys every sink has): a minimum confidence, alert
// types, and user groups (AlertLabels). Empty lists take everything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agent/alert/alert_labels.h"
#include "agent/model/alert.h"

namespace bgpsentry {

struct SinkFilter {
  uint32_t min_confidence = 0;  // alerts of events scored below it are passed over (0..10)
  std::vector<AlertType> types;
  std::vector<std::string> groups;
  const AlertLabels* alert_labels = nullptr;  // null: every alert is in "default"

  bool passes(const Alert& alert) const;
};

}  // namespace bgpsentry
