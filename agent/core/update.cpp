#include "agent/core/update.h"

namespace bgpsentry {

const char* to_string(UpdateKind kind) {
  switch (kind) {
    case UpdateKind::kAnnounce:
      return "announce";
    case UpdateKind::kWithdraw:
      return "withdraw";
    case UpdateKind::kRibEntry:
      return "rib";
    case UpdateKind::kPeerState:
      return "state";
  }
  return "unknown";
}

const char* to_string(OriginType origin) {
  switch (origin) {
    case OriginType::kIgp:
      return "IGP";
    case OriginType::kEgp:
      return "EGP";
    case OriginType::kIncomplete:
      return "INCOMPLETE";
    case OriginType::kAbsent:
      return "";
  }
  return "";
}

}  // namespace bgpsentry
