#include "agent/config/monitor_policy.h"

#include "agent/config/yaml_fields.h"

namespace bgpsentry {
namespace {

constexpr const char* kMonitors[] = {"hijack", "newprefix", "visibility", "path", "as",
                                     "rpki",   "squat",     "neighbors",  "leak"};

}  // namespace

std::vector<AlertType> monitor_alert_types(std::string_view monitor) {
  if (monitor == "hijack") return {AlertType::kOriginHijack, AlertType::kSubprefixHijack};
  if (monitor == "newprefix") return {AlertType::kNewPrefix};
  if (monitor == "visibility") return {AlertType::kVisibilityLoss};
  if (monitor == "path") return {AlertType::kPath};
  if (monitor == "as") return {AlertType::kUnexpectedPrefix};
  if (monitor == "rpki") return {AlertType::kRpkiInvalid};
  if (monitor == "squat") return {AlertType::kSquat};
  if (monitor == "neighbors") return {AlertType::kNeighborChange};
  if (monitor == "leak") return {AlertType::kRouteLeak};
  return {};
}

MonitorPolicies default_monitor_policies() {
  MonitorPolicies p;
  for (const char* m : {"hijack", "newprefix", "as", "rpki", "neighbors", "leak"})
    for (AlertType t : monitor_alert_types(m)) p[static_cast<size_t>(t)].threshold_min_peers = 3;
  auto& visibility = p[static_cast<size_t>(AlertType::kVisibilityLoss)];
  visibility.threshold_min_peers = 40;
  visibility.notification_interval_s = 3600;
  return p;
}

MonitorPolicies read_monitor_policies(const YAML::Node& root, ConfigErrors& errors) {
  MonitorPolicies policies = default_monitor_policies();
  // The top-level defaults first, whatever the order of keys in the file.
  auto each = [&](auto&& fn) {
    for (auto& p : policies) fn(p);
  };
  if (root["notificationIntervalSeconds"])
    if (auto n = read_int(root["notificationIntervalSeconds"], "notificationIntervalSeconds", 0,
                          365LL * 86400, errors))
      each([&](MonitorPolicy& p) { p.notification_interval_s = *n; });
  if (root["alertOnlyOnce"])
    if (auto b = read_bool(root["alertOnlyOnce"], "alertOnlyOnce", errors))
      each([&](MonitorPolicy& p) { p.alert_only_once = *b; });
  if (root["fadeOffSeconds"])
    if (auto n = read_int(root["fadeOffSeconds"], "fadeOffSeconds", 0, 365LL * 86400, errors))
      each([&](MonitorPolicy& p) { p.fade_off_s = *n; });

  const YAML::Node monitors = root["monitors"];
  if (!monitors) return policies;
  if (!monitors.IsMap()) {
    errors.add(monitors, "monitors", "expected a map of monitor names to their parameters");
    return policies;
  }
  for (const auto& kv : monitors) {
    const std::string name = kv.first.Scalar();
    const auto types = monitor_alert_types(name);
    if (types.empty()) {
      std::string known;
      for (const char* m : kMonitors) known += std::string(known.empty() ? "" : ", ") + m;
      errors.add(kv.first, "monitors." + name, "unknown monitor (known: " + known + ")");
      continue;
    }
    if (!kv.second.IsMap()) {
      errors.add(kv.second, "monitors." + name, "expected a map of parameters");
      continue;
    }
    MonitorPolicy p = policies[static_cast<size_t>(types.front())];
    for (const auto& param : kv.second) {
      const std::string key = param.first.Scalar();
      const std::string where = "monitors." + name + "." + key;
      if (key == "thresholdMinPeers") {
        if (auto n = read_int(param.second, where, 0, 100000, errors))
          p.threshold_min_peers = static_cast<uint32_t>(*n);
      } else if (key == "thresholdCountBy") {
        if (auto s = read_string(param.second, where, errors)) {
          if (*s == "peers" || *s == "asns")
            p.count_peer_asns = *s == "asns";
          else
            errors.add(param.second, where, "expected peers or asns");
        }
      } else if (key == "notificationIntervalSeconds") {
        if (auto n = read_int(param.second, where, 0, 365LL * 86400, errors))
          p.notification_interval_s = *n;
      } else if (key == "alertOnlyOnce") {
        if (auto b = read_bool(param.second, where, errors)) p.alert_only_once = *b;
      } else if (key == "fadeOffSeconds") {
        if (auto n = read_int(param.second, where, 0, 365LL * 86400, errors)) p.fade_off_s = *n;
      } else {
        errors.add(param.first, where,
                   "unknown parameter (known: thresholdMinPeers, thresholdCountBy, "
                   "notificationIntervalSeconds, alertOnlyOnce, fadeOffSeconds)");
      }
    }
    for (AlertType t : types) policies[static_cast<size_t>(t)] = p;
  }
  return policies;
}

}  // namespace bgpsentry
