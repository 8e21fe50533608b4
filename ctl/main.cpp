// bgpctl: the operator's client for bgpsentryd.
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "ctl/commands.h"
#include "ctl/output.h"

int main(int argc, char** argv) {
  bgpctl::Options options;
  if (const char* env = std::getenv("BGPCTL_SOCKET")) options.socket = env;
  if (const char* env = std::getenv("BGPCTL_SERVER")) options.server = env;
  if (const char* env = std::getenv("BGPCTL_TOKEN")) options.token = env;
  CLI::App app{"bgpctl — control and query bgpsentryd"};
  app.set_version_flag("--version", BGPSENTRY_VERSION);
  app.fallthrough();  // global options (-o, --socket) may also follow the verb
  app.add_option("-s,--socket", options.socket, "bgpsentryd's unix socket ($BGPCTL_SOCKET)")
      ->capture_default_str();
  app.add_option("--server", options.server,
                 "bgpsentryd's TCP listener host:port, over TLS ($BGPCTL_SERVER)");
  app.add_option("--tls-ca", options.tls_ca, "the CA that signed the agent's certificate");
  app.add_option("--cert", options.cert, "client certificate (mTLS)");
  app.add_option("--key", options.key, "client certificate's key (mTLS)");
  app.add_option("--token-file", options.token_file,
                 "a file whose first line is the API token ($BGPCTL_TOKEN holds one)");
  app.add_option("-o,--output", options.output,
                 "table; json (one object per line, the API's field names); or yaml (a "
                 "document per object)")
      ->check(CLI::IsMember({"table", "json", "yaml"}))
      ->each([](const std::string& output) { bgpctl::set_record_format(output); })
      ->capture_default_str();
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 64 usage error, 65 the daemon refused an argument or an input file "
      "held damaged records, 66 an input file cannot be opened, 69 the daemon cannot be "
      "reached, 77 no or unknown token or a role too low, 78 the config has errors, 1 other "
      "failures.");
  int exit_code = bgpctl::kExitOk;
  bgpctl::add_status_commands(app, options, exit_code);
  bgpctl::add_alert_commands(app, options, exit_code);
  bgpctl::add_event_commands(app, options, exit_code);
  bgpctl::add_history_commands(app, options, exit_code);
  bgpctl::add_route_commands(app, options, exit_code);
  bgpctl::add_generate_commands(app, options, exit_code);
  bgpctl::add_mrt_commands(app, options, exit_code);
  bgpctl::add_record_commands(app, options, exit_code);
  bgpctl::add_prefix_commands(app, options, exit_code);
  bgpctl::add_config_commands(app, options, exit_code);
  bgpctl::add_audit_commands(app, options, exit_code);
  bgpctl::add_irr_commands(app, options, exit_code);
  bgpctl::add_import_commands(app, exit_code);
  bgpctl::add_reference_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : bgpctl::kExitUsage;
  }
  return exit_code;
}
