#include "agent/alert/alert_labels.h"

namespace bgpsentry {

void AlertLabels::set(const PrefixesConfig& config) {
  auto index = std::make_shared<Index>();
  for (const auto& p : config.prefixes) index->by_prefix[p.prefix] = {p.groups, p.description};
  for (const auto& a : config.asns) index->by_asn[a.asn] = {a.groups, {}};
  std::lock_guard lock(mu_);
  index_ = std::move(index);
}

std::shared_ptr<const AlertLabels::Index> AlertLabels::current() const {
  std::lock_guard lock(mu_);
  return index_;
}

const AlertLabels::Labels* AlertLabels::find(const Index& index, const Alert& alert) const {
  if (alert.type == AlertType::kFeed) return nullptr;
  if (auto it = index.by_prefix.find(alert.monitored_prefix); it != index.by_prefix.end())
    return &it->second;
  if (auto a = index.by_asn.find(alert.observed_origin); a != index.by_asn.end()) return &a->second;
  return nullptr;
}

std::vector<std::string> AlertLabels::groups(const Alert& alert) const {
  const auto index = current();
  const Labels* labels = find(*index, alert);
  if (!labels || labels->groups.empty()) return {kDefault};
  return labels->groups;
}

std::string AlertLabels::description(const Alert& alert) const {
  const auto index = current();
  const Labels* labels = find(*index, alert);
  return labels ? labels->description : std::string();
}

}  // namespace bgpsentry
