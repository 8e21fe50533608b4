#include "agent/config/prefixes_writer.h"

#include <yaml-cpp/yaml.h>

namespace bgpsentry {
namespace {

// A single group is written as a string, as BGPalerter writes it; several as a list.
void emit_groups(YAML::Emitter& out, const std::vector<std::string>& groups) {
  out << YAML::Key << "group" << YAML::Value;
  if (groups.size() == 1)
    out << groups[0];
  else
    out << groups;
}

void emit_path_rule(YAML::Emitter& out, const PathRule& rule) {
  out << YAML::BeginMap;
  if (rule.match) out << YAML::Key << "match" << YAML::Value << *rule.match;
  if (rule.not_match) out << YAML::Key << "notMatch" << YAML::Value << *rule.not_match;
  if (!rule.match_description.empty())
    out << YAML::Key << "matchDescription" << YAML::Value << rule.match_description;
  if (rule.min_length) out << YAML::Key << "minLength" << YAML::Value << *rule.min_length;
  if (rule.max_length) out << YAML::Key << "maxLength" << YAML::Value << *rule.max_length;
  out << YAML::EndMap;
}

}  // namespace

std::string write_prefixes_yaml(const PrefixesConfig& config) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  for (const auto& p : config.prefixes) {
    out << YAML::Key << p.prefix.to_string() << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "description" << YAML::Value << p.description;
    out << YAML::Key << "asn" << YAML::Value << YAML::BeginSeq;
    for (uint32_t asn : p.asns) out << asn;
    out << YAML::EndSeq;
    out << YAML::Key << "ignoreMorespecifics" << YAML::Value << p.ignore_more_specifics;
    out << YAML::Key << "ignore" << YAML::Value << p.ignore;
    if (p.squat) out << YAML::Key << "squat" << YAML::Value << true;
    emit_groups(out, p.groups);
    if (!p.include_monitors.empty())
      out << YAML::Key << "includeMonitors" << YAML::Value << p.include_monitors;
    if (!p.exclude_monitors.empty())
      out << YAML::Key << "excludeMonitors" << YAML::Value << p.exclude_monitors;
    if (!p.path_rules.empty()) {
      out << YAML::Key << "path" << YAML::Value << YAML::BeginSeq;
      for (const auto& rule : p.path_rules) emit_path_rule(out, rule);
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  if (!config.asns.empty()) {
    out << YAML::Key << "options" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "monitorASns" << YAML::Value << YAML::BeginMap;
    for (const auto& a : config.asns) {
      out << YAML::Key << YAML::SingleQuoted << std::to_string(a.asn) << YAML::Value
          << YAML::BeginMap;
      emit_groups(out, a.groups);
      if (a.upstreams) out << YAML::Key << "upstreams" << YAML::Value << *a.upstreams;
      if (a.downstreams) out << YAML::Key << "downstreams" << YAML::Value << *a.downstreams;
      out << YAML::EndMap;
    }
    out << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace bgpsentry
