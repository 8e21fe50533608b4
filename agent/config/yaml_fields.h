// Typed reads of YAML scalars that report what is wrong, where, instead of throwing. For
// yaml-cpp's YAML::Node (the agent's config) and YamlNode (data files, yaml_tree.h) alike.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "agent/config/config_error.h"
#include "agent/core/parse_number.h"
#include "agent/core/time_text.h"

namespace bgpsentry {

namespace yaml_fields {
std::optional<bool> parse_bool(const std::string& text);
std::optional<int64_t> parse_int(const std::string& text, int64_t min, int64_t max);
}  // namespace yaml_fields

// A path as written in a config file, made absolute against that file's folder.
std::string resolve_path(const std::filesystem::path& base_dir, const std::string& path);

template <typename Node>
std::optional<std::string> read_string(const Node& node, const std::string& field,
                                       ConfigErrors& errors) {
  if (!node.IsScalar()) {
    errors.add(node, field, "expected a string");
    return std::nullopt;
  }
  return node.Scalar();
}

template <typename Node>
std::optional<bool> read_bool(const Node& node, const std::string& field, ConfigErrors& errors) {
  const auto v = node.IsScalar() ? yaml_fields::parse_bool(node.Scalar()) : std::nullopt;
  if (!v) errors.add(node, field, "expected true or false");
  return v;
}

template <typename Node>
std::optional<int64_t> read_int(const Node& node, const std::string& field, int64_t min,
                                int64_t max, ConfigErrors& errors) {
  const auto v = node.IsScalar() ? yaml_fields::parse_int(node.Scalar(), min, max) : std::nullopt;
  if (!v)
    errors.add(node, field,
               "expected a whole number from " + std::to_string(min) + " to " +
                   std::to_string(max) + (node.IsScalar() ? ", got '" + node.Scalar() + "'" : ""));
  return v;
}

// An ASN as 3333, "3333" or "AS3333".
template <typename Node>
std::optional<uint32_t> read_asn(const Node& node, const std::string& field, ConfigErrors& errors) {
  if (!node.IsScalar()) {
    errors.add(node, field, "expected an AS number");
    return std::nullopt;
  }
  const auto asn = parse_asn(node.Scalar());
  if (!asn)
    errors.add(node, field, "'" + node.Scalar() + "' is not an AS number (0 to 4294967295)");
  return asn;
}

// A scalar or a list of scalars.
template <typename Node>
std::vector<std::string> read_string_list(const Node& node, const std::string& field,
                                          ConfigErrors& errors) {
  std::vector<std::string> out;
  if (node.IsNull()) return out;
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence()) {
    errors.add(node, field, "expected a string or a list of strings");
    return out;
  }
  for (size_t i = 0; i < node.size(); ++i)
    if (auto s = read_string(node[i], field, errors)) out.push_back(*s);
  return out;
}

// A UTC time as 2008-02-24T18:47:57Z or Unix seconds.
template <typename Node>
std::optional<int64_t> read_time(const Node& node, const std::string& field, ConfigErrors& errors) {
  const auto text = read_string(node, field, errors);
  if (!text) return std::nullopt;
  auto seconds = parse_utc_time(*text);
  if (!seconds)
    errors.add(node, field,
               "cannot read time '" + *text + "' (use 2008-02-24T18:47:57Z or Unix seconds)");
  return seconds;
}

}  // namespace bgpsentry
