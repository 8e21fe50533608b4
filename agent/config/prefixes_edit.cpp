#include "agent/config/prefixes_edit.h"

#include <algorithm>

#include "agent/config/prefixes_writer.h"

namespace bgpsentry {
namespace {

// Bounds on what one API call may put in the file: a description is a line of text, not a
// document; thousands of origins for one prefix is a mistake.
constexpr size_t kMaxText = 1024;
constexpr size_t kMaxAsns = 1000;
constexpr size_t kMaxGroups = 100;

EditStatus invalid(std::string message) {
  return EditError{EditError::kInvalid, std::move(message)};
}

EditStatus check_asn_value(uint32_t asn, const std::string& what) {
  if (asn == 0) return invalid(what + ": AS 0 is not a valid origin (RFC 7607)");
  return std::nullopt;
}

EditStatus check_groups(const std::vector<std::string>& groups, const std::string& what) {
  if (groups.size() > kMaxGroups) return invalid(what + ": more than 100 groups");
  for (const auto& g : groups)
    if (g.empty() || g.size() > kMaxText)
      return invalid(what + ": a group name is 1 to 1024 characters");
  return std::nullopt;
}

EditStatus check_prefix(const MonitoredPrefix& p) {
  const std::string what = p.prefix.to_string();
  if (p.description.size() > kMaxText) return invalid(what + ": description over 1024 characters");
  if (p.asns.size() > kMaxAsns) return invalid(what + ": more than 1000 origin ASNs");
  for (uint32_t asn : p.asns)
    if (auto e = check_asn_value(asn, what)) return e;
  if (p.squat && !p.asns.empty())
    return invalid(what + ": a squat prefix has no origin (nobody may announce it)");
  if (!p.squat && p.asns.empty())
    return invalid(what + ": no origin ASN: give --asn, or mark it squat (nobody may announce it)");
  return check_groups(p.groups, what);
}

auto find_prefix(PrefixesConfig& config, const Prefix& prefix) {
  return std::find_if(config.prefixes.begin(), config.prefixes.end(),
                      [&](const MonitoredPrefix& p) { return p.prefix == prefix; });
}

auto find_asn(PrefixesConfig& config, uint32_t asn) {
  return std::find_if(config.asns.begin(), config.asns.end(),
                      [&](const MonitoredAsn& a) { return a.asn == asn; });
}

}  // namespace

Result<Prefix> parse_api_prefix(const std::string& text) {
  if (text.size() > 64) return Error{"not a prefix: too long"};
  auto prefix = Prefix::parse(text);
  if (!prefix) return Error{"'" + text + "' is not a valid IPv4 or IPv6 prefix (address/length)"};
  auto address = IpAddress::parse(text.substr(0, text.find('/')));
  if (address && *address != prefix->address())
    return Error{"'" + text + "' has host bits set: did you mean " + prefix->to_string() + "?"};
  return *prefix;
}

EditStatus add_prefix(PrefixesConfig& config, MonitoredPrefix prefix) {
  if (auto e = check_prefix(prefix)) return e;
  if (find_prefix(config, prefix.prefix) != config.prefixes.end())
    return EditError{EditError::kExists,
                     prefix.prefix.to_string() + " is already monitored (update it instead)"};
  if (prefix.groups.empty()) prefix.groups.push_back("default");
  config.prefixes.push_back(std::move(prefix));
  return std::nullopt;
}

EditStatus update_prefix(PrefixesConfig& config, MonitoredPrefix prefix) {
  if (auto e = check_prefix(prefix)) return e;
  auto it = find_prefix(config, prefix.prefix);
  if (it == config.prefixes.end())
    return EditError{EditError::kNotFound, prefix.prefix.to_string() + " is not monitored"};
  if (prefix.groups.empty()) prefix.groups.push_back("default");
  *it = std::move(prefix);
  return std::nullopt;
}

EditStatus remove_prefix(PrefixesConfig& config, const Prefix& prefix) {
  auto it = find_prefix(config, prefix);
  if (it == config.prefixes.end())
    return EditError{EditError::kNotFound, prefix.to_string() + " is not monitored"};
  config.prefixes.erase(it);
  return std::nullopt;
}

EditStatus add_asn(PrefixesConfig& config, MonitoredAsn asn) {
  const std::string what = "AS" + std::to_string(asn.asn);
  if (auto e = check_asn_value(asn.asn, what)) return e;
  if (auto e = check_groups(asn.groups, what)) return e;
  for (const auto* list : {&asn.upstreams, &asn.downstreams})
    if (*list && (*list)->size() > kMaxAsns) return invalid(what + ": more than 1000 neighbours");
  if (find_asn(config, asn.asn) != config.asns.end())
    return EditError{EditError::kExists, what + " is already monitored"};
  if (asn.groups.empty()) asn.groups.push_back("default");
  config.asns.push_back(std::move(asn));
  return std::nullopt;
}

EditStatus remove_asn(PrefixesConfig& config, uint32_t asn) {
  auto it = find_asn(config, asn);
  if (it == config.asns.end())
    return EditError{EditError::kNotFound, "AS" + std::to_string(asn) + " is not monitored"};
  config.asns.erase(it);
  return std::nullopt;
}

ImportCounts import_prefixes(PrefixesConfig& config, const PrefixesConfig& imported, bool replace) {
  ImportCounts counts;
  if (replace) {
    config.prefixes.clear();
    config.asns.clear();
  }
  for (const auto& p : imported.prefixes) {
    auto it = find_prefix(config, p.prefix);
    if (it == config.prefixes.end()) {
      config.prefixes.push_back(p);
      ++counts.prefixes_added;
    } else {
      *it = p;
      ++counts.prefixes_replaced;
    }
  }
  for (const auto& a : imported.asns) {
    auto it = find_asn(config, a.asn);
    if (it == config.asns.end()) {
      config.asns.push_back(a);
      ++counts.asns_added;
    } else {
      *it = a;
      ++counts.asns_replaced;
    }
  }
  return counts;
}

Result<CanonicalPrefixes> canonical_prefixes(const PrefixesConfig& config,
                                             const std::string& file) {
  CanonicalPrefixes out;
  out.text = write_prefixes_yaml(config);
  ConfigErrors errors(file);
  out.config = parse_prefixes_yaml(out.text, errors);
  if (!errors.empty()) return Error{errors.to_string()};
  return out;
}

}  // namespace bgpsentry
