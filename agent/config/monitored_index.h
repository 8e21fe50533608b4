// The monitored prefixes and ASNs of a prefixes.yml, indexed for the questions asked about
// every update: which monitored prefix is the most specific one covering it, and whether
// it is in the monitored space (the prefix, a more- or less-specific of it, or originated by
// a monitored AS: what `history.scope: monitored` keeps and the route table holds).
//
// Not thread-safe: it caches answers (a direct-mapped cache by prefix: every detector of an
// engine asks about the same update in turn, and busy prefixes come back all day, while a
// trie walk is a chain of cache misses). One instance per thread.
#pragma once

#include <memory>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include "agent/config/prefixes_config.h"
#include "agent/core/prefix_trie.h"
#include "agent/core/update.h"

namespace bgpsentry {

class MonitoredIndex {
 public:
  explicit MonitoredIndex(std::shared_ptr<const PrefixesConfig> config);

  const PrefixesConfig& config() const { return *config_; }
  // The most specific monitored prefix equal to or covering `prefix`; null when none.
  const MonitoredPrefix* longest_match(const Prefix& prefix) const;
  bool monitored_asn(uint32_t asn) const { return asns_.count(asn) != 0; }
  bool has_monitored_asns() const { return !asns_.empty(); }
  // In the monitored space: a route to `prefix` with `path`.
  bool in_scope(const Prefix& prefix, const AsPath& path) const;
  // The same for any update (peer state changes always are).
  bool covers(const Update& update) const;

 private:
  std::shared_ptr<const PrefixesConfig> config_;
  PrefixTrie<const MonitoredPrefix*> prefixes_;
  std::unordered_set<uint32_t> asns_;
  struct Answer {  // 32 bytes, two to a cache line (the pointer first: no padding)
    const MonitoredPrefix* match = nullptr;
    Prefix prefix;
    int8_t overlaps = -1;  // -1: not asked yet, else whether a monitored prefix overlaps
    bool valid = false;
  };
  Answer& answer(const Prefix& prefix) const;
  mutable std::vector<Answer> cache_;  // size a power of two
  mutable Answer* last_ = nullptr;     // the slot of the last question
};

// What a monitor is built from: the engine's shared index, or a config that gets an index
// of its own (tests, tools).
class MonitoredIndexRef {
 public:
  MonitoredIndexRef(std::shared_ptr<const MonitoredIndex> index) : index_(std::move(index)) {}
  template <typename Config>
  requires std::is_convertible_v<Config*, const PrefixesConfig*> MonitoredIndexRef(
      std::shared_ptr<Config> config)
      : index_(std::make_shared<const MonitoredIndex>(std::move(config))) {}
  const std::shared_ptr<const MonitoredIndex>& get() const { return index_; }

 private:
  std::shared_ptr<const MonitoredIndex> index_;
};

}  // namespace bgpsentry
