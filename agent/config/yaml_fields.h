// Typed reads of YAML scalars that report what is wrong, where, instead of throwing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/config/config_error.h"

namespace bgpsentry {

std::optional<std::string> read_string(const YAML::Node& node, const std::string& field,
                                       ConfigErrors& errors);
std::optional<bool> read_bool(const YAML::Node& node, const std::string& field,
                              ConfigErrors& errors);
std::optional<int64_t> read_int(const YAML::Node& node, const std::string& field, int64_t min,
                                int64_t max, ConfigErrors& errors);
// An ASN as 3333, "3333" or "AS3333".
std::optional<uint32_t> read_asn(const YAML::Node& node, const std::string& field,
                                 ConfigErrors& errors);
// A scalar or a list of scalars.
std::vector<std::string> read_string_list(const YAML::Node& node, const std::string& field,
                                          ConfigErrors& errors);

}  // namespace bgpsentry
