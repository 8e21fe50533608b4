#include "agent/alert/sink_filter.h"

#include <algorithm>

namespace bgpsentry {

bool SinkFilter::passes(const Alert& alert) const {
  if (!meets_confidence(alert, min_confidence)) return false;
  if (!types.empty() && std::find(types.begin(), types.end(), alert.type) == types.end())
    return false;
  if (groups.empty()) return true;
  const auto of =
      alert_labels ? alert_labels->groups(alert) : std::vector<std::string>{AlertLabels::kDefault};
  return std::any_of(of.begin(), of.end(), [&](const std::string& g) {
    return std::find(groups.begin(), groups.end(), g) != groups.end();
  });
}

}  // namespace bgpsentry
