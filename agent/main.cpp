// bgpsentryd: parses the command line, loads the config, runs the Agent until SIGTERM;
// SIGHUP reloads the config.
#include <absl/synchronization/mutex.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>

#include "agent/agent.h"

namespace {
constexpr int kExitConfig = 78;  // EX_CONFIG
}

int main(int argc, char** argv) {
  CLI::App app{"bgpsentryd — BGP monitoring agent"};
  std::string config_path = "/etc/bgpsentry/bgpsentry.yml";
  bool check_only = false;
  std::string log_level;
  app.add_option("-c,--config", config_path, "agent configuration file")->capture_default_str();
  app.add_flag("--check-config", check_only, "validate the configuration, print every error, exit");
  app.add_option("--log-level", log_level, "override log_level")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical"}));
  app.set_version_flag("--version", BGPSENTRY_VERSION);
  CLI11_PARSE(app, argc, argv);
  // Debian's abseil tracks the order of every absl::Mutex taken (deadlock detection, meant for
  // debug builds); gRPC takes them on every call and write, and paid ~1.5% of its CPU for it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // The relationships file is read once: by its check, for the agent.
  std::shared_ptr<const bgpsentry::AsRelationships> relationships;
  auto loaded =
      bgpsentry::load_agent_config(config_path, bgpsentry::agent_config_modules(&relationships));
  for (const auto& w : loaded.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (!loaded.errors.empty()) {
    std::fprintf(stderr, "%s", loaded.errors_text().c_str());
    std::fprintf(stderr, "%zu configuration error(s)\n", loaded.errors.size());
    return kExitConfig;
  }
  if (check_only) {
    std::printf("%s: OK (%zu prefixes, %zu monitored ASNs, %zu sources, %zu sinks)\n",
                config_path.c_str(), loaded.config.prefixes.prefixes.size(),
                loaded.config.prefixes.asns.size(), loaded.config.sources.size(),
                loaded.config.sinks.size());
    return 0;
  }
  spdlog::set_level(
      spdlog::level::from_str(log_level.empty() ? loaded.config.log_level : log_level));

  // Signals are taken by sigwait on this thread only; every thread started later inherits
  // the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  bgpsentry::Agent agent(std::move(loaded.config), BGPSENTRY_VERSION, std::move(relationships));
  if (auto st = agent.start(); !st) {
    spdlog::critical("cannot start: {}", st.error());
    agent.stop();
    return 1;
  }
  int signal = 0;
  // SIGHUP: read the config again (the monitored prefixes and ASNs, log_level).
  while (sigwait(&signals, &signal) == 0 && signal == SIGHUP) agent.reload("SIGHUP");
  spdlog::info("received {}, shutting down", signal == SIGTERM ? "SIGTERM" : "SIGINT");
  agent.stop();
  return 0;
}
