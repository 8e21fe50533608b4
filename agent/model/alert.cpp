#include "agent/model/alert.h"

#include <algorithm>
#include <cctype>

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

std::optional<AlertType> parse_alert_type(std::string_view name) {
  for (int t = static_cast<int>(AlertType::kOriginHijack); t <= static_cast<int>(AlertType::kFeed);
       ++t) {
    const std::string_view known = to_string(static_cast<AlertType>(t));
    if (known.size() == name.size() &&
        std::equal(known.begin(), known.end(), name.begin(),
                   [](char a, char b) { return a == std::toupper(static_cast<unsigned char>(b)); }))
      return static_cast<AlertType>(t);
  }
  return std::nullopt;
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
