#include "agent/config/prefixes_config.h"

#include <algorithm>
#include <map>

#include "agent/config/yaml_fields.h"
#include "agent/core/text_file.h"

namespace bgpsentry {
namespace {

std::vector<uint32_t> read_asn_list(const YAML::Node& node, const std::string& field,
                                    ConfigErrors& errors) {
  std::vector<uint32_t> out;
  if (node.IsNull()) return out;
  if (node.IsSequence()) {
    for (const auto& item : node)
      if (auto asn = read_asn(item, field, errors)) out.push_back(*asn);
  } else if (auto asn = read_asn(node, field, errors)) {
    out.push_back(*asn);
  }
  return out;
}

std::optional<PathPattern> compile(const YAML::Node& node, const std::string& field,
                                   const std::string& pattern, ConfigErrors& errors) {
  auto compiled = PathPattern::compile(pattern);
  if (!compiled) {
    errors.add(node, field, "invalid regular expression '" + pattern + "': " + compiled.error());
    return std::nullopt;
  }
  return std::move(*compiled);
}

void read_path_rule(const YAML::Node& node, const std::string& field, PathRule& rule,
                    ConfigErrors& errors, std::vector<std::string>& warnings) {
  if (!node.IsMap()) {
    errors.add(node, field, "expected a map with match/notMatch/minLength/maxLength");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string f = field + "." + key;
    if (key == "match" || key == "notMatch") {
      auto pattern = read_string(kv.second, f, errors);
      if (!pattern) continue;
      (key == "match" ? rule.match : rule.not_match) = *pattern;
      (key == "match" ? rule.match_pattern : rule.not_match_pattern) =
          compile(kv.second, f, *pattern, errors);
    } else if (key == "matchDescription") {
      if (auto s = read_string(kv.second, f, errors)) rule.match_description = *s;
    } else if (key == "minLength" || key == "maxLength") {
      if (auto n = read_int(kv.second, f, 0, 1000, errors))
        (key == "minLength" ? rule.min_length : rule.max_length) = static_cast<int>(*n);
    } else {
      warnings.push_back(errors.file() + ":" + std::to_string(kv.first.Mark().line + 1) +
                         ": unknown key '" + f + "' ignored");
    }
  }
  if (rule.min_length && rule.max_length && *rule.min_length > *rule.max_length)
    errors.add(node, field, "minLength is greater than maxLength");
}

void read_prefix_entry(const YAML::Node& key, const YAML::Node& value, PrefixesConfig& config,
                       ConfigErrors& errors) {
  const std::string text = key.Scalar();
  auto prefix = Prefix::parse(text);
  if (!prefix) {
    errors.add(key, text, "not a valid IPv4 or IPv6 prefix");
    return;
  }
  // BGPalerter accepts host bits ("1.1.1.1/23" in its own generated files): so do we,
  // masked, with a warning, since it is usually a typo.
  if (auto address = IpAddress::parse(text.substr(0, text.find('/')));
      address && *address != prefix->address())
    config.warnings.push_back(errors.file() + ":" + std::to_string(key.Mark().line + 1) + ": " +
                              text + " has host bits set; monitoring " + prefix->to_string());
  if (!value.IsMap()) {
    errors.add(value.IsDefined() && !value.IsNull() ? value : key, text,
               "expected a map (description, asn, ignoreMorespecifics, …)");
    return;
  }
  MonitoredPrefix entry;
  entry.prefix = *prefix;
  entry.line = key.Mark().line + 1;
  bool has_asn = false;
  YAML::Node asn_node, squat_node;
  for (const auto& kv : value) {
    const std::string name = kv.first.Scalar();
    const std::string field = text + "." + name;
    const YAML::Node& v = kv.second;
    if (name == "description") {
      if (v.IsNull()) continue;
      if (auto s = read_string(v, field, errors)) entry.description = *s;
    } else if (name == "asn") {
      has_asn = true;
      asn_node = v;
      entry.asns = read_asn_list(v, field, errors);
    } else if (name == "ignoreMorespecifics") {
      if (auto b = read_bool(v, field, errors)) entry.ignore_more_specifics = *b;
    } else if (name == "ignore") {
      if (auto b = read_bool(v, field, errors)) entry.ignore = *b;
    } else if (name == "squat") {
      squat_node = v;
      if (auto b = read_bool(v, field, errors)) entry.squat = *b;
    } else if (name == "group") {
      entry.groups = read_string_list(v, field, errors);
    } else if (name == "includeMonitors") {
      entry.include_monitors = read_string_list(v, field, errors);
    } else if (name == "excludeMonitors") {
      entry.exclude_monitors = read_string_list(v, field, errors);
    } else if (name == "path") {
      if (v.IsSequence()) {
        for (size_t i = 0; i < v.size(); ++i) {
          PathRule rule;
          read_path_rule(v[i], field + "[" + std::to_string(i) + "]", rule, errors,
                         config.warnings);
          entry.path_rules.push_back(std::move(rule));
        }
      } else if (!v.IsNull()) {
        PathRule rule;
        read_path_rule(v, field, rule, errors, config.warnings);
        entry.path_rules.push_back(std::move(rule));
      }
    } else {
      config.warnings.push_back(errors.file() + ":" + std::to_string(kv.first.Mark().line + 1) +
                                ": unknown key '" + field + "' ignored");
    }
  }
  if (!has_asn) errors.add(key, text + ".asn", "missing: list the origin AS(es) expected");
  if (entry.squat && !entry.asns.empty())
    errors.add(squat_node, text + ".squat", "a squat prefix has asn: [] (nobody may announce it)");
  if (!entry.squat && asn_node.IsSequence() && asn_node.size() == 0)
    errors.add(
        asn_node, text + ".asn",
        "empty: list the expected origins, or add squat: true for space nobody may announce");
  if (entry.groups.empty()) entry.groups.push_back("default");
  config.prefixes.push_back(std::move(entry));
}

void read_options(const YAML::Node& options, PrefixesConfig& config, ConfigErrors& errors) {
  if (options.IsNull()) return;
  if (!options.IsMap()) {
    errors.add(options, "options", "expected a map");
    return;
  }
  for (const auto& kv : options) {
    const std::string name = kv.first.Scalar();
    if (name != "monitorASns") {
      config.warnings.push_back(errors.file() + ":" + std::to_string(kv.first.Mark().line + 1) +
                                ": unknown key 'options." + name + "' ignored");
      continue;
    }
    const YAML::Node& asns = kv.second;
    if (asns.IsNull()) continue;
    if (!asns.IsMap()) {
      errors.add(asns, "options.monitorASns", "expected a map of AS numbers");
      continue;
    }
    for (const auto& a : asns) {
      const std::string field = "options.monitorASns." + a.first.Scalar();
      auto asn = read_asn(a.first, field, errors);
      if (!asn) continue;
      MonitoredAsn entry;
      entry.asn = *asn;
      if (a.second.IsMap()) {
        for (const auto& p : a.second) {
          const std::string key = p.first.Scalar();
          if (key == "group")
            entry.groups = read_string_list(p.second, field + ".group", errors);
          else if (key == "upstreams")
            entry.upstreams = read_asn_list(p.second, field + ".upstreams", errors);
          else if (key == "downstreams")
            entry.downstreams = read_asn_list(p.second, field + ".downstreams", errors);
          else
            config.warnings.push_back(errors.file() + ":" +
                                      std::to_string(p.first.Mark().line + 1) + ": unknown key '" +
                                      field + "." + key + "' ignored");
        }
      } else if (!a.second.IsNull()) {
        errors.add(a.second, field, "expected a map (group, upstreams, downstreams)");
      }
      if (entry.groups.empty()) entry.groups.push_back("default");
      config.asns.push_back(std::move(entry));
    }
  }
}

}  // namespace

bool MonitoredPrefix::monitored_by(std::string_view monitor) const {
  if (include_monitors.empty() && exclude_monitors.empty()) return true;  // asked per update
  // BGPalerter's config.yml.example names for the same monitors.
  static const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"hijack", "basic-hijack-detection"},
      {"newprefix", "prefix-detection"},
      {"path", "path-matching"},
      {"visibility", "withdrawal-detection"},
      {"as", "asn-monitor"},
      {"rpki", "rpki-monitor"},
      {"neighbors", "path-neighbors"}};
  std::string_view alias = monitor;
  for (const auto& [ours, theirs] : kAliases)
    if (ours == monitor) alias = theirs;
  auto named = [&](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), monitor) != list.end() ||
           std::find(list.begin(), list.end(), alias) != list.end();
  };
  if (!include_monitors.empty()) return named(include_monitors);
  return !named(exclude_monitors);
}

bool MonitoredPrefix::origin_allowed(uint32_t asn) const {
  return std::find(asns.begin(), asns.end(), asn) != asns.end();
}

PrefixesConfig parse_prefixes_yaml(const std::string& text, ConfigErrors& errors) {
  PrefixesConfig config;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    errors.add(e.mark, "", "YAML syntax error: " + e.msg);
    return config;
  }
  if (root.IsNull()) return config;  // an empty file monitors nothing
  if (!root.IsMap()) {
    errors.add(root, "", "expected a map of prefixes");
    return config;
  }
  std::map<Prefix, int> seen;
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) {
      errors.add(kv.first, "", "expected a prefix as key");
      continue;
    }
    if (kv.first.Scalar() == "options") {
      read_options(kv.second, config, errors);
      continue;
    }
    const size_t before = config.prefixes.size();
    read_prefix_entry(kv.first, kv.second, config, errors);
    if (config.prefixes.size() == before) continue;
    const auto& added = config.prefixes.back();
    if (auto [it, inserted] = seen.emplace(added.prefix, added.line); !inserted)
      errors.add(kv.first, kv.first.Scalar(),
                 "duplicate prefix (also at line " + std::to_string(it->second) + ")");
  }
  return config;
}

PrefixesConfig load_prefixes_file(const std::string& path, ConfigErrors& errors,
                                  std::string* text) {
  auto read = read_text_file(path);
  if (!read) {
    errors.add_file_error("cannot read file: " + read.error());
    return {};
  }
  auto config = parse_prefixes_yaml(*read, errors);
  if (text) *text = std::move(*read);
  return config;
}

}  // namespace bgpsentry
