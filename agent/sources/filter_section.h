// The keys every update source's section may have: from, to (a time window) and filter
// (BGPStream-style: prefixes with more_specific/less_specific, peer_asns, origins, types).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "agent/config/config_sections.h"
#include "agent/core/update_filter.h"

namespace bgpsentry {

// Reads `key` into `filter` when it is from, to or filter; false for any other key.
bool read_filter_key(const std::string& key, const YAML::Node& value, const SectionContext& ctx,
                     UpdateFilter& filter, ConfigErrors& errors);

// A window that ends before it starts is an error.
void check_filter_window(const YAML::Node& section, const SectionContext& ctx,
                         const UpdateFilter& filter, ConfigErrors& errors);

}  // namespace bgpsentry
