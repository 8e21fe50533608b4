#include "agent/sources/ris_live_source_type.h"

#include "agent/config/monitored_scope.h"
#include "agent/config/yaml_fields.h"
#include "agent/core/parse_number.h"
#include "agent/core/url.h"
#include "agent/ingest/ris_live/ris_live_source.h"
#include "agent/sources/filter_section.h"

namespace bgpsentry {
namespace {

// backfill: {archives: {COLLECTOR: [paths]}, wait: S, max_gap: S}
void read_backfill(const YAML::Node& node, const std::string& field, const SectionContext& ctx,
                   RisLiveSettings& s, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, field, "expected a map with archives (and optionally wait, max_gap)");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "archives") {
      if (!kv.second.IsMap()) {
        errors.add(kv.second, field + ".archives",
                   "expected a map of RIS collector names to MRT archive paths");
        continue;
      }
      for (const auto& archive : kv.second) {
        const std::string collector = archive.first.Scalar();
        const std::string where = field + ".archives." + collector;
        RisLiveSettings::BackfillArchive a{collector, {}};
        for (const auto& p : read_string_list(archive.second, where, errors))
          a.paths.push_back(ctx.resolve(p));
        if (a.paths.empty())
          errors.add(archive.second, where, "expected the archive's files, directories or globs");
        s.backfill_archives.push_back(std::move(a));
      }
    } else if (key == "wait") {
      if (auto n = read_int(kv.second, field + ".wait", 0, 7 * 86400, errors))
        s.backfill_wait_s = *n;
    } else if (key == "max_gap") {
      if (auto n = read_int(kv.second, field + ".max_gap", 1, 30 * 86400, errors))
        s.backfill_max_gap_s = *n;
    } else {
      errors.add(kv.first, field + "." + key, "unknown key");
    }
  }
  if (!node["archives"].IsDefined())
    errors.add(node, field + ".archives", "missing: the MRT archives to back-fill gaps from");
}

// canary: {prefixes: [P, ...], every: S, grace: S}
void read_canary(const YAML::Node& node, const std::string& field, RisLiveSettings& s,
                 ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, field, "expected a map with prefixes (and optionally every, grace)");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "prefixes") {
      for (const auto& text : read_string_list(kv.second, field + ".prefixes", errors)) {
        if (auto p = Prefix::parse(text))
          s.canary_prefixes.push_back(*p);
        else
          errors.add(kv.second, field + ".prefixes", "'" + text + "' is not a prefix");
      }
    } else if (key == "every") {
      if (auto n = read_int(kv.second, field + ".every", 1, 7 * 86400, errors))
        s.canary_every_s = *n;
    } else if (key == "grace") {
      if (auto n = read_int(kv.second, field + ".grace", 0, 86400, errors)) s.canary_grace_s = *n;
    } else {
      errors.add(kv.first, field + "." + key, "unknown key");
    }
  }
  if (!node["prefixes"].IsDefined())
    errors.add(node, field + ".prefixes", "missing: the RIS beacon prefixes to listen for");
}

std::any read_ris_live(const YAML::Node& section, const SectionContext& ctx, ConfigErrors& errors) {
  RisLiveSettings s;
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    const std::string where = ctx.where(key);
    if (ctx.common(key)) continue;
    if (key == "url") {
      if (auto u = read_string(kv.second, where, errors)) {
        s.url = *u;
        if (!parse_websocket_url(*u))
          errors.add(kv.second, where,
                     "expected a ws:// or wss:// URL (ws[s]://host[:port][/path])");
      }
    } else if (key == "client") {
      if (auto c = read_string(kv.second, where, errors)) s.client = *c;
    } else if (key == "subscribe") {
      if (auto v = read_string(kv.second, where, errors)) {
        if (*v == "all" || *v == "monitored")
          s.subscribe_all = *v == "all";
        else
          errors.add(kv.second, where, "expected all or monitored");
      }
    } else if (key == "stale_after") {
      if (auto n = read_int(kv.second, where, 1, 86400, errors)) s.stale_after_s = *n;
    } else if (key == "ca_file") {
      if (auto c = read_string(kv.second, where, errors)) s.ca_file = ctx.resolve(*c);
    } else if (key == "proxy") {
      if (auto p = read_string(kv.second, where, errors)) {
        s.proxy = *p;
        if (!parse_proxy_url(*p)) errors.add(kv.second, where, "expected http://host:port");
      }
    } else if (key == "backfill") {
      read_backfill(kv.second, where, ctx, s, errors);
    } else if (key == "canary") {
      read_canary(kv.second, where, s, errors);
    } else if (key == "paths") {
      errors.add(kv.second, where, "a ris_live source reads a url, not files");
    } else if (!read_filter_key(key, kv.second, ctx, s.filter, errors)) {
      ctx.unknown(kv.first, errors);
    }
  }
  check_filter_window(section, ctx, s.filter, errors);
  return s;
}

// The RIS Live subscriptions for the monitored prefixes and ASNs, or the whole feed.
std::vector<std::string> subscriptions_for(const PrefixesConfig& config, bool everything) {
  std::vector<std::string> prefixes;
  for (const auto& p : config.prefixes) prefixes.push_back(p.prefix.to_string());
  std::vector<uint32_t> asns;
  for (const auto& a : config.asns) asns.push_back(a.asn);
  return ris_live_subscriptions(prefixes, asns, everything);
}

// How many updates like `u` the store holds within [from_us, to_us]: the back-fill leaves
// out as many archived ones of a gap's edge seconds.
std::function<size_t(const Update&, int64_t, int64_t)> count_stored(const HistoryStore& history) {
  return [&history](const Update& u, int64_t from_us, int64_t to_us) {
    HistoryQuery query;
    query.prefix = u.prefix;
    query.from_us = from_us;
    query.to_us = to_us;
    size_t like = 0;
    const auto scanned = history.scan(query, [&](const Update& s) { like += same_update(s, u); });
    return scanned ? like : 0;
  };
}

BuiltSource build_ris_live(const SourceConfig& config, const SourceContext& ctx) {
  const auto& s = config.as<RisLiveSettings>();
  RisLiveOptions live;
  live.name = config.name;
  live.connection.url = s.url;
  live.connection.client = s.client;
  live.connection.ca_file = s.ca_file;
  live.connection.proxy = s.proxy;
  live.filter = s.filter;
  live.subscriptions = subscriptions_for(*ctx.prefixes, s.subscribe_all);
  FeedHealthOptions& health = live.health;
  health.stale_after = std::chrono::seconds(s.stale_after_s);
  health.observer = ctx.observer;
  if (auto saved = ctx.cursors.read_cursor(ris_live_cursor_key(config.name)))
    if (auto us = parse_u64(*saved)) health.resumed_from_us = static_cast<int64_t>(*us);
  health.canary_prefixes = s.canary_prefixes;
  health.canary_every = std::chrono::seconds(s.canary_every_s);
  health.canary_grace = std::chrono::seconds(s.canary_grace_s);
  std::shared_ptr<MonitoredScope> backfill_scope;
  if (!s.backfill_archives.empty()) {
    GapBackfillOptions& fill = live.backfill.emplace();
    fill.source = config.name;
    for (const auto& a : s.backfill_archives) fill.archives.push_back({a.collector, a.paths});
    fill.wait = std::chrono::seconds(s.backfill_wait_s);
    fill.stored = count_stored(ctx.history);
    fill.due_cursor_key = ris_live_backfill_cursor_key(config.name);
    if (auto due = ctx.cursors.read_cursor(fill.due_cursor_key))
      fill.due_at_start = parse_backfill_due(*due);
    fill.max_gap = std::chrono::seconds(s.backfill_max_gap_s);
    // The archive holds the collector's whole feed; the subscriptions asked for less.
    if (!s.subscribe_all) {
      backfill_scope = std::make_shared<MonitoredScope>(ctx.prefixes);
      fill.wanted = [backfill_scope](const Update& u) { return backfill_scope->covers(u); };
    }
  }
  auto source = std::make_unique<RisLiveSource>(std::move(live), ctx.queues);
  RisLiveSource* feed = source.get();
  const bool everything = s.subscribe_all;
  return {std::move(source),
          [feed, everything, backfill_scope](const std::shared_ptr<const PrefixesConfig>& p) {
            feed->set_subscriptions(subscriptions_for(*p, everything));
            if (backfill_scope) backfill_scope->set(p);
          }};
}

}  // namespace

SourceType ris_live_source_type() {
  return {"ris_live", true, read_ris_live, build_ris_live};
}

}  // namespace bgpsentry
