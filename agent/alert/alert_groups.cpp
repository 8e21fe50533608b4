#include "agent/alert/alert_groups.h"

namespace bgpsentry {

void AlertGroups::set(const PrefixesConfig& config) {
  auto index = std::make_shared<Index>();
  for (const auto& p : config.prefixes) index->by_prefix[p.prefix] = p.groups;
  for (const auto& a : config.asns) index->by_asn[a.asn] = a.groups;
  std::lock_guard lock(mu_);
  index_ = std::move(index);
}

std::vector<std::string> AlertGroups::of(const Alert& alert) const {
  std::shared_ptr<const Index> index;
  {
    std::lock_guard lock(mu_);
    index = index_;
  }
  const std::vector<std::string>* groups = nullptr;
  if (alert.type != AlertType::kFeed) {
    if (auto it = index->by_prefix.find(alert.monitored_prefix); it != index->by_prefix.end())
      groups = &it->second;
    else if (auto a = index->by_asn.find(alert.observed_origin); a != index->by_asn.end())
      groups = &a->second;
  }
  if (!groups || groups->empty()) return {kDefault};
  return *groups;
}

}  // namespace bgpsentry
