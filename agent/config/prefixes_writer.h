// Writes a PrefixesConfig as BGPalerter's prefixes.yml — the layout BGPalerter's own
// `generate` writes, so that BGPalerter and bgpsentry both load the result.
#pragma once

#include <string>

#include "agent/config/prefixes_config.h"

namespace bgpsentry {

std::string write_prefixes_yaml(const PrefixesConfig& config);

}  // namespace bgpsentry
