// BGPalerter's prefixes.yml, loaded as is: monitored prefixes and options.monitorASns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/config/config_error.h"
#include "agent/config/path_pattern.h"
#include "agent/core/prefix.h"

namespace bgpsentry {

// BGPalerter's per-prefix `path` rule.
struct PathRule {
  std::optional<std::string> match, not_match;  // regexes over the AS path, as written
  std::optional<PathPattern> match_pattern, not_match_pattern;  // compiled by the loader
  std::string match_description;
  std::optional<int> min_length, max_length;
};

struct MonitoredPrefix {
  Prefix prefix;
  std::string description;
  std::vector<uint32_t> asns;  // expected origins
  bool ignore_more_specifics = false;
  bool ignore = false;
  std::vector<std::string> groups;
  std::vector<PathRule> path_rules;
  std::vector<std::string> include_monitors, exclude_monitors;
  // Nobody may announce it (asn: [] and squat: true): any announcement is a SQUAT alert.
  bool squat = false;
  int line = 0;  // where it was configured, for messages

  bool origin_allowed(uint32_t asn) const;
  // Whether includeMonitors/excludeMonitors let `monitor` (our name: hijack, newprefix,
  // path, as, rpki, squat, …) watch this prefix; BGPalerter's default monitor names
  // (basic-hijack-detection, prefix-detection, path-matching, …) mean the same monitors.
  bool monitored_by(std::string_view monitor) const;
};

struct MonitoredAsn {
  uint32_t asn = 0;
  std::vector<std::string> groups;
  // BGPalerter's monitorPathNeighbors lists: absent (nullopt) is not watched; present,
  // even empty (`downstreams:`), every neighbour on that side not listed is new.
  std::optional<std::vector<uint32_t>> upstreams, downstreams;
};

struct PrefixesConfig {
  // What one file may make the agent build, each refused with an error past it: a
  // viewer's `bgpctl config validate` must not be able to take the daemon's memory.
  static constexpr size_t kMaxBytes = 16 << 20;
  static constexpr size_t kMaxNodes = 2'000'000;  // YAML nodes, aliases expanded
  static constexpr size_t kMaxPrefixes = 500'000;
  static constexpr size_t kMaxOrigins = 1'000;  // a prefix's asn list
  static constexpr size_t kMaxMonitoredAsns = 100'000;
  static constexpr size_t kMaxNeighbors = 10'000;  // a monitored ASN's up/downstreams list
  static constexpr size_t kMaxNames = 100;         // groups, include/excludeMonitors
  static constexpr size_t kMaxPathRulesPerPrefix = 100;
  static constexpr size_t kMaxPathRules = 100'000;
  static constexpr size_t kMaxPatterns = 10'000;  // different regexes, each compiled once
  static constexpr size_t kMaxWarnings = 100;     // listed; the last line counts the rest

  std::vector<MonitoredPrefix> prefixes;
  std::vector<MonitoredAsn> asns;
  std::vector<std::string> warnings;  // accepted but worth telling (unknown keys, …)
};

// Parses prefixes.yml text; `file` is used in error messages.
PrefixesConfig parse_prefixes_yaml(const std::string& text, ConfigErrors& errors);
// Loads a prefixes.yml file; errors name file, line and field. `text`, when given, receives
// the file's text.
PrefixesConfig load_prefixes_file(const std::string& path, ConfigErrors& errors,
                                  std::string* text = nullptr);

}  // namespace bgpsentry
