#include "agent/sources/radar_source_type.h"

#include <atomic>
#include <set>

#include "agent/config/secret_file.h"
#include "agent/config/yaml_fields.h"
#include "agent/core/url.h"
#include "agent/ingest/radar/radar_source.h"

namespace bgpsentry {
namespace {

std::any read_radar(const YAML::Node& section, const SectionContext& ctx, ConfigErrors& errors) {
  RadarSettings s;
  s.http.timeout = std::chrono::seconds(30);
  // A page of 100 events is tens of kB; room for Radar's answers growing.
  s.http.max_response_bytes = 16 << 20;
  if (!read_secret_keys(section, ctx, "token", s.token, errors))
    errors.add(section, ctx.where("token_file"),
               "missing: Radar's API token (token_file or token_env; see docs/configuration.md)");
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    const std::string where = ctx.where(key);
    if (ctx.common(key) || key == "token" || key == "token_file" || key == "token_env") continue;
    if (key == "base_url") {
      if (auto u = read_string(kv.second, where, errors)) {
        s.base_url = *u;
        while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();
        if (!is_http_url(s.base_url))
          errors.add(kv.second, where, "expected an http:// or https:// URL");
      }
    } else if (key == "asns") {
      for (const auto& text : read_string_list(kv.second, where, errors)) {
        if (auto asn = parse_asn(text); asn && *asn)
          s.asns.push_back(*asn);
        else
          errors.add(kv.second, where, "'" + text + "' is not an AS number");
      }
    } else if (key == "min_confidence") {
      if (auto n = read_int(kv.second, where, 0, 10, errors))
        s.min_confidence = static_cast<uint32_t>(*n);
    } else if (key == "interval") {
      if (auto n = read_int(kv.second, where, 1, 86400, errors)) s.interval_s = *n;
    } else if (key == "backfill") {
      if (auto b = read_bool(kv.second, where, errors)) s.backfill = *b;
    } else if (key == "origin_check") {
      if (auto b = read_bool(kv.second, where, errors)) s.origin_check = *b;
    } else if (key == "per_page") {
      if (auto n = read_int(kv.second, where, 1, 1000, errors))
        s.per_page = static_cast<uint32_t>(*n);
    } else if (key == "max_pages") {
      if (auto n = read_int(kv.second, where, 1, 1000, errors))
        s.max_pages = static_cast<uint32_t>(*n);
    } else if (key == "timeout") {
      if (auto n = read_int(kv.second, where, 1, 600, errors))
        s.http.timeout = std::chrono::seconds(*n);
    } else if (key == "ca_file") {
      if (auto c = read_string(kv.second, where, errors)) s.http.ca_file = ctx.resolve(*c);
    } else if (key == "proxy") {
      if (auto p = read_string(kv.second, where, errors)) {
        s.http.proxy = *p;
        if (!parse_proxy_url(*p)) errors.add(kv.second, where, "expected http://host:port");
      }
    } else {
      ctx.unknown(kv.first, errors);
    }
  }
  return s;
}

// options.monitorASns and every origin a monitored prefix names.
std::vector<uint32_t> monitored_asns(const PrefixesConfig& p) {
  std::set<uint32_t> out;
  for (const auto& a : p.asns) out.insert(a.asn);
  for (const auto& m : p.prefixes)
    if (!m.ignore) out.insert(m.asns.begin(), m.asns.end());
  out.erase(0);
  return {out.begin(), out.end()};
}

// Every monitored prefix the prefixes file names origins for.
std::vector<RadarPrefix> monitored_prefixes(const PrefixesConfig& p) {
  std::vector<RadarPrefix> out;
  for (const auto& m : p.prefixes)
    if (!m.ignore && !m.asns.empty()) out.push_back({m.prefix, m.asns});
  return out;
}

BuiltSource build_radar(const SourceConfig& config, const SourceContext& ctx) {
  // The prefixes file in force, swapped when it changes; the poll thread reads it.
  auto current = std::make_shared<std::atomic<std::shared_ptr<const PrefixesConfig>>>(ctx.prefixes);
  BuiltSource built;
  built.source = std::make_unique<RadarSource>(
      config.name, config.as<RadarSettings>(), *ctx.state, *ctx.reports, ctx.observer,
      [current] { return monitored_asns(*current->load()); },
      [current] { return monitored_prefixes(*current->load()); });
  built.prefixes_changed = [current](const std::shared_ptr<const PrefixesConfig>& p) {
    current->store(p);
  };
  return built;
}

}  // namespace

SourceType radar_source_type() {
  return {"radar", true, read_radar, build_radar};
}

}  // namespace bgpsentry
