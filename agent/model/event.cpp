#include "agent/model/event.h"

#include <algorithm>

namespace bgpsentry {

std::vector<std::string> event_sources(const Event& event) {
  std::vector<std::string> out;
  if (event.detected) out.push_back("bgpsentry");
  for (const auto& r : event.reports)
    if (std::find(out.begin(), out.end(), r.source) == out.end()) out.push_back(r.source);
  return out;
}

}  // namespace bgpsentry
