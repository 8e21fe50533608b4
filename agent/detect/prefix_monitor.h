// What the prefix monitors share: the prefixes.yml config and its monitored prefixes in a
// trie, and the rule for which monitored prefix an announcement concerns.
#pragma once

#include <memory>
#include <optional>

#include "agent/config/prefixes_config.h"
#include "agent/core/prefix_trie.h"
#include "agent/detect/detector.h"
#include "agent/detect/monitored_match.h"

namespace bgpsentry {

class PrefixMonitor : public Detector {
 protected:
  explicit PrefixMonitor(std::shared_ptr<const PrefixesConfig> config)
      : config_(std::move(config)) {
    for (const auto& p : config_->prefixes) monitored_.insert(p.prefix, &p);
  }
  // The monitored prefix `prefix` concerns for this monitor (match_monitored()).
  std::optional<MonitoredMatch> monitored_match(const Prefix& prefix) const {
    return match_monitored(monitored_, prefix, name());
  }

  std::shared_ptr<const PrefixesConfig> config_;
  PrefixTrie<const MonitoredPrefix*> monitored_;
};

}  // namespace bgpsentry
