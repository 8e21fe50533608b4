// One registration function per verb group; each adds its subcommands to the app and
// sets `exit_code` when run.
#pragma once

#include <CLI/CLI.hpp>

#include "ctl/client.h"

namespace bgpctl {

void add_status_commands(CLI::App& app, const Options& options, int& exit_code);
void add_alert_commands(CLI::App& app, const Options& options, int& exit_code);
void add_event_commands(CLI::App& app, const Options& options, int& exit_code);
void add_history_commands(CLI::App& app, const Options& options, int& exit_code);
void add_route_commands(CLI::App& app, const Options& options, int& exit_code);
void add_generate_commands(CLI::App& app, const Options& options, int& exit_code);
void add_mrt_commands(CLI::App& app, const Options& options, int& exit_code);
void add_record_commands(CLI::App& app, const Options& options, int& exit_code);
void add_prefix_commands(CLI::App& app, const Options& options, int& exit_code);
void add_config_commands(CLI::App& app, const Options& options, int& exit_code);
void add_audit_commands(CLI::App& app, const Options& options, int& exit_code);
void add_irr_commands(CLI::App& app, const Options& options, int& exit_code);
void add_import_commands(CLI::App& app, int& exit_code);  // offline: no agent
// `man` and `completion bash`: generated from the command tree, so added last.
void add_reference_commands(CLI::App& app, int& exit_code);

}  // namespace bgpctl
