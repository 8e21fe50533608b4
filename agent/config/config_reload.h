// A reload (SIGHUP, or ConfigService.ReloadConfig): bgpsentry.yml and its prefixes file
// read again. The monitored prefixes and ASNs and log_level take effect at once; other
// settings that differ are named, for the next restart. A config with errors changes
// nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agent/config/agent_config.h"
#include "agent/config/prefixes_manager.h"

namespace bgpsentry {

struct ReloadOutcome {
  std::vector<ConfigError> errors;            // non-empty: refused, the running config is kept
  std::optional<EditError> failure;           // loaded, but it could not be recorded or applied
  uint64_t revision = 0;                      // in effect after the reload
  bool changed = false;                       // the monitored prefixes or ASNs changed
  std::vector<std::string> restart_required;  // top-level keys, sorted
  std::vector<std::string> warnings;
};

// `running` is the config the agent started with (its settings are the ones in effect).
ReloadOutcome reload_config(const AgentConfig& running, PrefixesManager& manager,
                            const std::string& who, const ConfigModules& modules);

}  // namespace bgpsentry
