#include "agent/detect/monitored_match.h"

namespace bgpsentry {

std::string asn_list(const std::vector<uint32_t>& asns) {
  std::string out;
  for (size_t i = 0; i < asns.size(); ++i) {
    if (i) out += i + 1 == asns.size() ? " or " : ", ";
    out += "AS" + std::to_string(asns[i]);
  }
  return out.empty() ? "no AS" : out;
}

}  // namespace bgpsentry
