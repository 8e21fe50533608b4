// What `history.scope: monitored` keeps: updates of a monitored prefix, of its more- and
// less-specifics, and announcements originated by a monitored AS (peer state always).
#pragma once

#include <set>

#include "agent/config/prefixes_config.h"
#include "agent/core/prefix_trie.h"
#include "agent/core/update.h"

namespace bgpsentry {

class MonitoredScope {
 public:
  explicit MonitoredScope(const PrefixesConfig& config);
  bool covers(const Update& update) const;

 private:
  PrefixTrie<bool> prefixes_;
  std::set<uint32_t> asns_;
};

}  // namespace bgpsentry
