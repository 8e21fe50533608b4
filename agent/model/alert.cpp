#include "agent/model/alert.h"

#include "agent/model/event.h"

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

const char* to_string(EventNotice notice) {
  switch (notice) {
    case EventNotice::kNone:
      return "EVENT_NOTICE_UNSPECIFIED";
    case EventNotice::kStarted:
      return "EVENT_STARTED";
    case EventNotice::kChanged:
      return "EVENT_CHANGED";
    case EventNotice::kEnded:
      return "EVENT_ENDED";
  }
  return "EVENT_NOTICE_UNSPECIFIED";
}

const char* to_string(EventStatus status) {
  return status == EventStatus::kEnded ? "ENDED" : "ONGOING";
}

}  // namespace bgpsentry
