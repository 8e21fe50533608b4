// WatchAlerts' filters (type, prefix with its more-specifics, minimum confidence, group),
// checked once when the stream opens and then applied to every alert it would send.
#pragma once

#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>

#include "agent/config/prefixes_config.h"
#include "agent/model/alert.h"
#include "bgpsentry/v1/alert.pb.h"

namespace bgpsentry {

class AlertFilter {
 public:
  // INVALID_ARGUMENT for an unknown type, a malformed prefix or a confidence over 10.
  static grpc::Status parse(const v1::WatchAlertsRequest& request, AlertFilter& out);

  // `monitored`: the monitored prefixes and ASNs now, for the group.
  bool matches(const Alert& alert, const PrefixesConfig& monitored) const;
  bool needs_config() const { return !group_.empty(); }

 private:
  std::optional<AlertType> type_;
  std::optional<Prefix> prefix_;
  uint32_t min_confidence_ = 0;
  std::string group_;
};

}  // namespace bgpsentry
