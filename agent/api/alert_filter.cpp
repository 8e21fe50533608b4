#include "agent/api/alert_filter.h"

#include <algorithm>

#include "agent/api/request_arguments.h"

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
  if (auto st = alert_type_argument(req.type(), out.type_); !st.ok()) return st;
  if (auto st = prefix_argument(req.prefix(), out.prefix_); !st.ok()) return st;
  if (auto st = confidence_argument(req.min_confidence()); !st.ok()) return st;
  out.min_confidence_ = req.min_confidence();
  if (req.group().size() > 256) return invalid_argument("group: over 256 bytes");
  out.group_ = req.group();
  return grpc::Status::OK;
}

bool AlertFilter::matches(const Alert& alert, const PrefixesConfig& monitored) const {
  if (type_ && alert.type != *type_) return false;
  if (prefix_ && !within(alert, *prefix_)) return false;
  if (!meets_confidence(alert, min_confidence_)) return false;
  return group_.empty() || alert_in_group(alert, monitored, group_);
}

}  // namespace bgpsentry
