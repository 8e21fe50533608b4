// BGPalerter's config.yml (and groups.yml) as a bgpsentry.yml: connectors, monitors, reports
// (file, syslog, Slack, email, Telegram, HTTP, Webex), user groups, notification settings,
// RPKI settings and the prefixes file. What cannot be said in bgpsentry is named, not
// dropped in silence.
#pragma once

#include <string>
#include <vector>

#include "agent/core/result.h"

namespace bgpctl {

struct BgpalerterImport {
  std::string yaml;                // the bgpsentry.yml, notes at its top as comments
  std::vector<std::string> notes;  // what was not converted, or needs a look
};

// `output_dir`: where the bgpsentry.yml will live (paths in it are written relative to it).
bgpsentry::Result<BgpalerterImport> import_bgpalerter(const std::string& config_path,
                                                      const std::string& groups_path,
                                                      const std::string& output_dir);

}  // namespace bgpctl
