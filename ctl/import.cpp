// bgpctl import bgpalerter: BGPalerter's config as a bgpsentry.yml (offline, no agent).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "agent/core/text_file.h"
#include "ctl/bgpalerter_import.h"
#include "ctl/commands.h"

namespace bgpctl {
namespace {

struct ImportArgs {
  std::string config, groups, output;
};

int run_import(const ImportArgs& args) {
  const std::string output_dir =
      args.output.empty() ? "." : std::filesystem::path(args.output).parent_path().string();
  auto converted =
      import_bgpalerter(args.config, args.groups, output_dir.empty() ? "." : output_dir);
  if (!converted) {
    std::fprintf(stderr, "bgpctl: import bgpalerter: %s\n", converted.error().c_str());
    return kExitDataErr;
  }
  for (const auto& n : converted->notes) std::fprintf(stderr, "note: %s\n", n.c_str());
  if (args.output.empty()) {
    std::fputs(converted->yaml.c_str(), stdout);
    return kExitOk;
  }
  // The file may hold webhook URLs and passwords as BGPalerter's did: 0640, never over an
  // existing file.
  const int fd = ::open(args.output.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) {
    std::fprintf(stderr, "bgpctl: import bgpalerter: cannot create %s: %s\n", args.output.c_str(),
                 std::strerror(errno));
    return kExitCantCreat;
  }
  ::fchmod(fd, 0640);
  const std::string& text = converted->yaml;
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) {
    std::fprintf(stderr, "bgpctl: import bgpalerter: cannot write %s\n", args.output.c_str());
    return kExitCantCreat;
  }
  std::fprintf(stderr, "wrote %s; check it with bgpsentryd --check-config --config %s\n",
               args.output.c_str(), args.output.c_str());
  return kExitOk;
}

}  // namespace

void add_import_commands(CLI::App& app, int& exit_code) {
  auto* import = app.add_subcommand("import", "convert another tool's configuration");
  import->require_subcommand(1);
  auto args = std::make_shared<ImportArgs>();
  auto* bgpalerter = import->add_subcommand(
      "bgpalerter",
      "BGPalerter's config.yml (reports, user groups, monitors, RPKI, prefixes file) as a "
      "bgpsentry.yml; what cannot be converted is named on stderr and in the file");
  bgpalerter->add_option("--config", args->config, "BGPalerter's config.yml")
      ->required()
      ->check(CLI::ExistingFile);
  bgpalerter->add_option("--groups", args->groups, "BGPalerter's groups.yml (groupsFile)")
      ->check(CLI::ExistingFile);
  bgpalerter->add_option("-O,--output", args->output,
                         "write the bgpsentry.yml here (mode 0640, not over an existing file); "
                         "default: stdout");
  bgpalerter->callback([args, &exit_code] { exit_code = run_import(*args); });
}

}  // namespace bgpctl
