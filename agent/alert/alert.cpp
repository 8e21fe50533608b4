#include "agent/alert/alert.h"

namespace bgpsentry {

const char* to_string(AlertType type) {
  switch (type) {
    case AlertType::kOriginHijack:
      return "ORIGIN_HIJACK";
    case AlertType::kSubprefixHijack:
      return "SUBPREFIX_HIJACK";
    case AlertType::kNewPrefix:
      return "NEW_PREFIX";
    case AlertType::kVisibilityLoss:
      return "VISIBILITY_LOSS";
    case AlertType::kPath:
      return "PATH";
    case AlertType::kUnexpectedPrefix:
      return "UNEXPECTED_PREFIX";
    case AlertType::kRpkiInvalid:
      return "RPKI_INVALID";
    case AlertType::kNeighborChange:
      return "NEIGHBOR_CHANGE";
    case AlertType::kRouteLeak:
      return "ROUTE_LEAK";
    case AlertType::kSquat:
      return "SQUAT";
    case AlertType::kFeed:
      return "FEED";
  }
  return "ALERT_TYPE_UNSPECIFIED";
}

}  // namespace bgpsentry
