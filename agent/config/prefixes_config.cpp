#include "agent/config/prefixes_config.h"

#include <algorithm>
#include <map>

#include "agent/config/yaml_fields.h"
#include "agent/config/yaml_tree.h"
#include "agent/core/text_file.h"

namespace bgpsentry {
namespace {

// One parse of a prefixes.yml: what it builds, the errors and warnings it reports, the
// path patterns it compiled (an aliased rule list is compiled once, not per prefix), and
// the limits of PrefixesConfig that bound what a file can make the agent build.
class PrefixesParser {
 public:
  explicit PrefixesParser(ConfigErrors& errors) : errors_(errors) {}

  PrefixesConfig parse(const std::string& text);

 private:
  void warn(const YAML::Mark& mark, const std::string& text);
  // A list of at most `max` ASNs; a longer one is an error (and read no further).
  std::vector<uint32_t> read_asn_list(const YamlNode& node, const std::string& field, size_t max);
  std::vector<std::string> read_names(const YamlNode& node, const std::string& field);
  std::optional<PathPattern> compile(const YamlNode& node, const std::string& field,
                                     const std::string& pattern);
  void read_path_rule(const YamlNode& node, const std::string& field, PathRule& rule);
  void read_path_rules(const YamlNode& node, const std::string& field, MonitoredPrefix& entry);
  void read_prefix_entry(const YamlNode& key, const YamlNode& value);
  void read_options(const YamlNode& options);

  ConfigErrors& errors_;
  PrefixesConfig config_;
  size_t warnings_omitted_ = 0;
  size_t path_rules_ = 0;
  std::map<std::string, std::optional<PathPattern>> patterns_;
};

void PrefixesParser::warn(const YAML::Mark& mark, const std::string& text) {
  auto& warnings = config_.warnings;
  if (warnings.size() < PrefixesConfig::kMaxWarnings) {
    warnings.push_back(errors_.file() + ":" + std::to_string(mark.line + 1) + ": " + text);
    return;
  }
  if (!warnings_omitted_) warnings.emplace_back();
  warnings.back() = errors_.file() + ": ... and " + std::to_string(++warnings_omitted_) +
                    " more warnings not listed";
}

std::vector<uint32_t> PrefixesParser::read_asn_list(const YamlNode& node, const std::string& field,
                                                    size_t max) {
  std::vector<uint32_t> out;
  if (node.IsNull()) return out;
  if (!node.IsSequence()) {
    if (auto asn = read_asn(node, field, errors_)) out.push_back(*asn);
    return out;
  }
  if (node.size() > max) {
    errors_.add(node, field,
                std::to_string(node.size()) + " AS numbers; at most " + std::to_string(max));
    return out;
  }
  for (const auto& item : node.items())
    if (auto asn = read_asn(item, field, errors_)) out.push_back(*asn);
  return out;
}

std::vector<std::string> PrefixesParser::read_names(const YamlNode& node,
                                                    const std::string& field) {
  if (node.IsSequence() && node.size() > PrefixesConfig::kMaxNames) {
    errors_.add(node, field,
                std::to_string(node.size()) + " names; at most " +
                    std::to_string(PrefixesConfig::kMaxNames));
    return {};
  }
  return read_string_list(node, field, errors_);
}

std::optional<PathPattern> PrefixesParser::compile(const YamlNode& node, const std::string& field,
                                                   const std::string& pattern) {
  auto known = patterns_.find(pattern);
  if (known == patterns_.end()) {
    if (patterns_.size() == PrefixesConfig::kMaxPatterns) {
      errors_.add(
          node, field,
          "more than " + std::to_string(PrefixesConfig::kMaxPatterns) + " different path patterns");
      return std::nullopt;
    }
    auto compiled = PathPattern::compile(pattern);
    if (!compiled)
      errors_.add(node, field, "invalid regular expression '" + pattern + "': " + compiled.error());
    known =
        patterns_.emplace(pattern, compiled ? std::optional(std::move(*compiled)) : std::nullopt)
            .first;
  } else if (!known->second) {
    errors_.add(node, field, "invalid regular expression '" + pattern + "' (as above)");
  }
  return known->second;
}

void PrefixesParser::read_path_rule(const YamlNode& node, const std::string& field,
                                    PathRule& rule) {
  if (!node.IsMap()) {
    errors_.add(node, field, "expected a map with match/notMatch/minLength/maxLength");
    return;
  }
  for (const auto& kv : node.entries()) {
    const std::string key = kv.first.Scalar();
    const std::string f = field + "." + key;
    if (key == "match" || key == "notMatch") {
      auto pattern = read_string(kv.second, f, errors_);
      if (!pattern) continue;
      (key == "match" ? rule.match : rule.not_match) = *pattern;
      (key == "match" ? rule.match_pattern : rule.not_match_pattern) =
          compile(kv.second, f, *pattern);
    } else if (key == "matchDescription") {
      if (auto s = read_string(kv.second, f, errors_)) rule.match_description = *s;
    } else if (key == "minLength" || key == "maxLength") {
      if (auto n = read_int(kv.second, f, 0, 1000, errors_))
        (key == "minLength" ? rule.min_length : rule.max_length) = static_cast<int>(*n);
    } else {
      warn(kv.first.Mark(), "unknown key '" + f + "' ignored");
    }
  }
  if (rule.min_length && rule.max_length && *rule.min_length > *rule.max_length)
    errors_.add(node, field, "minLength is greater than maxLength");
}

void PrefixesParser::read_path_rules(const YamlNode& v, const std::string& field,
                                     MonitoredPrefix& entry) {
  if (v.IsNull()) return;
  const size_t count = v.IsSequence() ? v.size() : 1;
  if (count > PrefixesConfig::kMaxPathRulesPerPrefix) {
    errors_.add(v, field,
                std::to_string(count) + " path rules; at most " +
                    std::to_string(PrefixesConfig::kMaxPathRulesPerPrefix) + " per prefix");
    return;
  }
  if (path_rules_ + count > PrefixesConfig::kMaxPathRules) {
    errors_.add(
        v, field,
        "more than " + std::to_string(PrefixesConfig::kMaxPathRules) + " path rules in the file");
    return;
  }
  path_rules_ += count;
  if (!v.IsSequence()) {
    read_path_rule(v, field, entry.path_rules.emplace_back());
    return;
  }
  for (size_t i = 0; i < v.size(); ++i)
    read_path_rule(v[i], field + "[" + std::to_string(i) + "]", entry.path_rules.emplace_back());
}

void PrefixesParser::read_prefix_entry(const YamlNode& key, const YamlNode& value) {
  const std::string text = key.Scalar();
  auto prefix = Prefix::parse(text);
  if (!prefix) {
    errors_.add(key, text, "not a valid IPv4 or IPv6 prefix");
    return;
  }
  // BGPalerter accepts host bits ("1.1.1.1/23" in its own generated files): so do we,
  // masked, with a warning, since it is usually a typo.
  if (auto address = IpAddress::parse(text.substr(0, text.find('/')));
      address && *address != prefix->address())
    warn(key.Mark(), text + " has host bits set; monitoring " + prefix->to_string());
  if (!value.IsMap()) {
    errors_.add(value.IsDefined() && !value.IsNull() ? value : key, text,
                "expected a map (description, asn, ignoreMorespecifics, …)");
    return;
  }
  MonitoredPrefix entry;
  entry.prefix = *prefix;
  entry.line = key.Mark().line + 1;
  bool has_asn = false;
  YamlNode asn_node, squat_node;
  for (const auto& kv : value.entries()) {
    const std::string name = kv.first.Scalar();
    const std::string field = text + "." + name;
    const YamlNode& v = kv.second;
    if (name == "description") {
      if (v.IsNull()) continue;
      if (auto s = read_string(v, field, errors_)) entry.description = *s;
    } else if (name == "asn") {
      has_asn = true;
      asn_node = v;
      entry.asns = read_asn_list(v, field, PrefixesConfig::kMaxOrigins);
    } else if (name == "ignoreMorespecifics") {
      if (auto b = read_bool(v, field, errors_)) entry.ignore_more_specifics = *b;
    } else if (name == "ignore") {
      if (auto b = read_bool(v, field, errors_)) entry.ignore = *b;
    } else if (name == "squat") {
      squat_node = v;
      if (auto b = read_bool(v, field, errors_)) entry.squat = *b;
    } else if (name == "group") {
      entry.groups = read_names(v, field);
    } else if (name == "includeMonitors") {
      entry.include_monitors = read_names(v, field);
    } else if (name == "excludeMonitors") {
      entry.exclude_monitors = read_names(v, field);
    } else if (name == "path") {
      read_path_rules(v, field, entry);
    } else {
      warn(kv.first.Mark(), "unknown key '" + field + "' ignored");
    }
  }
  if (!has_asn) errors_.add(key, text + ".asn", "missing: list the origin AS(es) expected");
  if (entry.squat && !entry.asns.empty())
    errors_.add(squat_node, text + ".squat", "a squat prefix has asn: [] (nobody may announce it)");
  if (!entry.squat && asn_node.IsSequence() && asn_node.size() == 0)
    errors_.add(
        asn_node, text + ".asn",
        "empty: list the expected origins, or add squat: true for space nobody may announce");
  if (entry.groups.empty()) entry.groups.push_back("default");
  config_.prefixes.push_back(std::move(entry));
}

void PrefixesParser::read_options(const YamlNode& options) {
  if (options.IsNull()) return;
  if (!options.IsMap()) {
    errors_.add(options, "options", "expected a map");
    return;
  }
  for (const auto& kv : options.entries()) {
    const std::string name = kv.first.Scalar();
    if (name != "monitorASns") {
      warn(kv.first.Mark(), "unknown key 'options." + name + "' ignored");
      continue;
    }
    const YamlNode& asns = kv.second;
    if (asns.IsNull()) continue;
    if (!asns.IsMap()) {
      errors_.add(asns, "options.monitorASns", "expected a map of AS numbers");
      continue;
    }
    if (asns.size() > PrefixesConfig::kMaxMonitoredAsns) {
      errors_.add(asns, "options.monitorASns",
                  std::to_string(asns.size()) + " AS numbers; at most " +
                      std::to_string(PrefixesConfig::kMaxMonitoredAsns));
      continue;
    }
    for (const auto& a : asns.entries()) {
      const std::string field = "options.monitorASns." + a.first.Scalar();
      auto asn = read_asn(a.first, field, errors_);
      if (!asn) continue;
      MonitoredAsn entry;
      entry.asn = *asn;
      if (a.second.IsMap()) {
        for (const auto& p : a.second.entries()) {
          const std::string key = p.first.Scalar();
          if (key == "group")
            entry.groups = read_names(p.second, field + ".group");
          else if (key == "upstreams")
            entry.upstreams =
                read_asn_list(p.second, field + ".upstreams", PrefixesConfig::kMaxNeighbors);
          else if (key == "downstreams")
            entry.downstreams =
                read_asn_list(p.second, field + ".downstreams", PrefixesConfig::kMaxNeighbors);
          else
            warn(p.first.Mark(), "unknown key '" + field + "." + key + "' ignored");
        }
      } else if (!a.second.IsNull()) {
        errors_.add(a.second, field, "expected a map (group, upstreams, downstreams)");
      }
      if (entry.groups.empty()) entry.groups.push_back("default");
      config_.asns.push_back(std::move(entry));
    }
  }
}

PrefixesConfig PrefixesParser::parse(const std::string& text) {
  std::shared_ptr<const YamlTree> tree;
  try {
    auto parsed =
        YamlTree::parse(text, YamlLimits{PrefixesConfig::kMaxBytes, PrefixesConfig::kMaxNodes});
    if (!parsed) {
      errors_.add_file_error("refused: " + parsed.error());
      return {};
    }
    tree = std::move(*parsed);
  } catch (const YAML::Exception& e) {
    errors_.add(e.mark, "", "YAML syntax error: " + e.msg);
    return {};
  }
  const YamlNode root = tree->root();
  if (!root.IsDefined() || root.IsNull()) return {};  // an empty file monitors nothing
  if (!root.IsMap()) {
    errors_.add(root, "", "expected a map of prefixes");
    return {};
  }
  if (root.size() > PrefixesConfig::kMaxPrefixes + 1) {  // + options
    errors_.add(root, "",
                std::to_string(root.size()) + " entries; at most " +
                    std::to_string(PrefixesConfig::kMaxPrefixes) + " prefixes");
    return {};
  }
  std::map<Prefix, int> seen;
  for (const auto& kv : root.entries()) {
    if (!kv.first.IsScalar()) {
      errors_.add(kv.first, "", "expected a prefix as key");
      continue;
    }
    if (kv.first.Scalar() == "options") {
      read_options(kv.second);
      continue;
    }
    const size_t before = config_.prefixes.size();
    read_prefix_entry(kv.first, kv.second);
    if (config_.prefixes.size() == before) continue;
    const auto& added = config_.prefixes.back();
    if (auto [it, inserted] = seen.emplace(added.prefix, added.line); !inserted)
      errors_.add(kv.first, kv.first.Scalar(),
                  "duplicate prefix (also at line " + std::to_string(it->second) + ")");
  }
  return std::move(config_);
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
  return PrefixesParser(errors).parse(text);
}

PrefixesConfig load_prefixes_file(const std::string& path, ConfigErrors& errors,
                                  std::string* text) {
  auto read = read_text_file(path, PrefixesConfig::kMaxBytes);
  if (!read) {
    errors.add_file_error("cannot read file: " + read.error());
    return {};
  }
  auto config = parse_prefixes_yaml(*read, errors);
  if (text) *text = std::move(*read);
  return config;
}

}  // namespace bgpsentry
