#include "agent/config/config_reload.h"

#include <spdlog/spdlog.h>

#include <set>

namespace bgpsentry {

ReloadOutcome reload_config(const AgentConfig& running, PrefixesManager& manager,
                            const std::string& who, const ConfigModules& modules) {
  ReloadOutcome out;
  auto loaded = load_agent_config(running.file, modules);
  out.warnings = loaded.warnings;
  if (!loaded.errors.empty()) {
    out.errors = loaded.errors;
    out.revision = manager.revision();
    spdlog::error("reload by {} refused, the running config is kept:\n{}", who,
                  loaded.errors_text());
    return out;
  }
  std::set<std::string> keys;
  for (const auto& [key, _] : running.settings) keys.insert(key);
  for (const auto& [key, _] : loaded.config.settings) keys.insert(key);
  for (const auto& key : keys) {
    if (key == "log_level") continue;  // applied below
    const auto& before = running.settings;
    const auto& after = loaded.config.settings;
    auto a = before.find(key), b = after.find(key);
    const bool same = a != before.end() && b != after.end() && a->second == b->second;
    if (!same) out.restart_required.push_back(key);
  }
  spdlog::set_level(spdlog::level::from_str(loaded.config.log_level));
  if (loaded.config.prefixes_file != manager.path()) {
    // The manager writes to the file it started with: a new one takes a restart.
    out.revision = manager.revision();
  } else {
    auto result = manager.adopt(who, std::move(loaded.config.prefixes),
                                std::move(loaded.config.prefixes_text));
    if (auto* error = std::get_if<EditError>(&result)) {
      out.failure = *error;
      out.revision = manager.revision();
    } else {
      const auto& change = std::get<PrefixesManager::Change>(result);
      out.revision = change.revision;
      out.changed = change.changed;
    }
  }
  if (!out.restart_required.empty()) {
    std::string list;
    for (const auto& k : out.restart_required) list += (list.empty() ? "" : ", ") + k;
    spdlog::warn("reload by {}: {} changed; takes effect at the next restart", who, list);
  }
  return out;
}

}  // namespace bgpsentry
