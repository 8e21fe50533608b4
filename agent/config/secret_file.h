// Secrets a sink needs (webhook URLs, bot tokens, SMTP passwords) from a file or the
// environment, never from the config itself. A file others may read or write is refused:
// the secret would already be out. The value is never logged; errors name the file only.
#pragma once

#include <string>

#include "agent/config/config_error.h"
#include "agent/config/config_sections.h"

namespace bgpsentry {

// The file's contents without trailing whitespace (at most 64 KiB, not empty). Errors go to
// `errors` at `node` as `field`: missing, unreadable, readable or writable by others, empty.
std::string read_secret_file(const std::string& path, const YAML::Node& node,
                             const std::string& field, ConfigErrors& errors);

// The environment variable's value (trailing whitespace removed); an error when unset or
// empty.
std::string read_secret_env(const std::string& name, const YAML::Node& node,
                            const std::string& field, ConfigErrors& errors);

// A section's secret given as one of `key` (in the config), `key_file` or `key_env`: into
// `out`; false when none of the three is given. Two or more given is an error.
bool read_secret_keys(const YAML::Node& section, const SectionContext& ctx, const std::string& key,
                      std::string& out, ConfigErrors& errors);

}  // namespace bgpsentry
