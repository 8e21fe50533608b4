#include "agent/api/alert_filter.h"

#include <algorithm>

#include "agent/wire/proto_convert.h"

namespace bgpsentry {
namespace {

bool in_group(const std::vector<std::string>& groups, const std::string& group) {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

// An alert is in a group when the monitored prefix it matched is, or when a monitored ASN
// of the group is on its path (alerts about monitored ASNs: unexpected prefixes, new
// neighbours, leaks through them, their RPKI-invalid routes).
bool alert_in_group(const Alert& alert, const PrefixesConfig& monitored, const std::string& group) {
  if (alert.type == AlertType::kFeed) return false;
  for (const auto& p : monitored.prefixes)
    if (p.prefix == alert.monitored_prefix && in_group(p.groups, group)) return true;
  for (const auto& a : monitored.asns) {
    if (!in_group(a.groups, group)) continue;
    for (const auto& segment : alert.as_path.segments())
      if (std::find(segment.asns.begin(), segment.asns.end(), a.asn) != segment.asns.end())
        return true;
  }
  return false;
}

}  // namespace

grpc::Status AlertFilter::parse(const v1::WatchAlertsRequest& req, AlertFilter& out) {
  if (!v1::AlertType_IsValid(req.type()))
    return {grpc::StatusCode::INVALID_ARGUMENT, "unknown alert type " + std::to_string(req.type())};
  if (req.type() != v1::ALERT_TYPE_UNSPECIFIED) out.type_ = wire::from_proto(req.type());
  if (!req.prefix().empty()) {
    out.prefix_ = req.prefix().size() <= 64 ? Prefix::parse(req.prefix()) : std::nullopt;
    if (!out.prefix_)
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "prefix: '" + req.prefix().substr(0, 64) + "' is not a prefix"};
  }
  if (req.min_confidence() > 10)
    return {grpc::StatusCode::INVALID_ARGUMENT, "min_confidence is 0..10"};
  out.min_confidence_ = req.min_confidence();
  if (req.group().size() > 256)
    return {grpc::StatusCode::INVALID_ARGUMENT, "group: over 256 bytes"};
  out.group_ = req.group();
  return grpc::Status::OK;
}

bool AlertFilter::matches(const Alert& alert, const PrefixesConfig& monitored) const {
  if (type_ && alert.type != *type_) return false;
  if (prefix_ && (alert.type == AlertType::kFeed || !prefix_->contains(alert.prefix))) return false;
  // Alerts from before events carry no confidence: they pass, as they do at the sinks.
  if (alert.notice != EventNotice::kNone && alert.confidence < min_confidence_) return false;
  return group_.empty() || alert_in_group(alert, monitored, group_);
}

}  // namespace bgpsentry
