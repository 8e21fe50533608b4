#include "agent/config/agent_config.h"

#include <boost/asio/ip/address.hpp>

#include "agent/core/time_text.h"
#include "agent/core/url.h"

#include <grp.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <set>

#include "agent/config/bounded_yaml.h"
#include "agent/config/yaml_fields.h"
#include "agent/core/text_file.h"

namespace bgpsentry {
namespace {

namespace fs = std::filesystem;

std::string resolve(const fs::path& base_dir, const std::string& p) {
  const fs::path path(p);
  return (path.is_absolute() ? path : base_dir / path).lexically_normal().string();
}

void unknown_key(const YAML::Node& key, const std::string& where, ConfigErrors& errors) {
  errors.add(key, where + key.Scalar(), "unknown key");
}

// A file the agent must read at start: named relative to the config, checked now.
std::optional<std::string> read_file_path(const YAML::Node& node, const fs::path& base,
                                          const std::string& field, ConfigErrors& errors) {
  auto s = read_string(node, field, errors);
  if (!s) return std::nullopt;
  const std::string path = resolve(base, *s);
  if (::access(path.c_str(), R_OK) != 0) {
    errors.add(node, field, path + ": " + std::strerror(errno));
    return std::nullopt;
  }
  return path;
}

void read_api_tokens(const YAML::Node& node, std::vector<ApiToken>& tokens, ConfigErrors& errors) {
  if (!node.IsSequence()) {
    errors.add(node, "api.tokens", "expected a list of {name, role, sha256}");
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string field = "api.tokens[" + std::to_string(i) + "]";
    const YAML::Node& t = node[i];
    if (!t.IsMap()) {
      errors.add(t, field, "expected {name, role, sha256}");
      continue;
    }
    ApiToken token;
    bool complete = true;
    for (const auto& kv : t) {
      const std::string k = kv.first.Scalar();
      if (k == "name") {
        if (auto s = read_string(kv.second, field + ".name", errors)) token.name = *s;
      } else if (k == "role") {
        auto s = read_string(kv.second, field + ".role", errors);
        auto role = s ? parse_role(*s) : std::nullopt;
        if (role)
          token.role = *role;
        else if (s)
          errors.add(kv.second, field + ".role", "expected viewer, operator or admin");
        complete &= role.has_value();
      } else if (k == "sha256") {
        auto s = read_string(kv.second, field + ".sha256", errors);
        auto hash = s ? parse_sha256_hex(*s) : std::nullopt;
        if (hash)
          token.sha256 = *hash;
        else if (s)
          // The value is not echoed: it may be the token itself, pasted by mistake.
          errors.add(kv.second, field + ".sha256",
                     "expected the token's SHA-256 as 64 hex digits (sha256sum), not the token");
        complete &= hash.has_value();
      } else {
        unknown_key(kv.first, field + ".", errors);
      }
    }
    if (token.name.empty()) {
      errors.add(t, field + ".name", "missing: tokens are named in the record of changes");
      complete = false;
    }
    if (!token.name.empty() && !names.insert(token.name).second) {
      errors.add(t, field + ".name", "duplicate token name '" + token.name + "'");
      complete = false;
    }
    if (!t["role"]) errors.add(t, field + ".role", "missing: viewer, operator or admin");
    if (!t["sha256"]) errors.add(t, field + ".sha256", "missing");
    if (complete && t["role"] && t["sha256"]) tokens.push_back(std::move(token));
  }
}

// A socket's mode, octal as chmod takes it ("0660", 660, "0o660"): read and write for the
// owner at least, no execute or special bits.
std::optional<mode_t> read_socket_mode(const YAML::Node& node, const std::string& field,
                                       ConfigErrors& errors) {
  auto text = read_string(node, field, errors);
  if (!text) return std::nullopt;
  std::string_view digits = *text;
  if (digits.substr(0, 2) == "0o") digits.remove_prefix(2);
  mode_t mode = 0;
  bool octal = !digits.empty() && digits.size() <= 4;
  for (char c : digits) {
    octal = octal && c >= '0' && c <= '7';
    mode = mode * 8 + static_cast<mode_t>(c - '0');
  }
  if (!octal || (mode & ~0666u) || (mode & 0600u) != 0600u) {
    errors.add(node, field,
               "expected an octal mode with read and write for the owner and no execute bits, "
               "e.g. 0660 (got '" +
                   *text + "')");
    return std::nullopt;
  }
  return mode;
}

// A group by name or number; it must exist on this machine.
std::optional<gid_t> read_group(const YAML::Node& node, const std::string& field,
                                ConfigErrors& errors) {
  auto name = read_string(node, field, errors);
  if (!name) return std::nullopt;
  group entry{};
  group* found = nullptr;
  char buffer[16384];
  if (::getgrnam_r(name->c_str(), &entry, buffer, sizeof buffer, &found) == 0 && found)
    return found->gr_gid;
  if (auto gid = parse_u64(*name); gid && *gid < UINT32_MAX) return static_cast<gid_t>(*gid);
  errors.add(node, field, "no group '" + *name + "' on this machine");
  return std::nullopt;
}

void read_api(const YAML::Node& node, const fs::path& base, ApiConfig& api, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, "api", "expected a map");
    return;
  }
  for (const auto& a : node) {
    const std::string k = a.first.Scalar();
    if (k == "unix_socket" || k == "readonly_socket") {
      if (auto s = read_string(a.second, "api." + k, errors))
        (k == "unix_socket" ? api.unix_socket : api.readonly_socket) = resolve(base, *s);
    } else if (k == "unix_socket_mode" || k == "readonly_socket_mode") {
      if (auto mode = read_socket_mode(a.second, "api." + k, errors))
        (k == "unix_socket_mode" ? api.unix_socket_mode : api.readonly_socket_mode) = *mode;
    } else if (k == "unix_socket_group" || k == "readonly_socket_group") {
      if (auto gid = read_group(a.second, "api." + k, errors))
        (k == "unix_socket_group" ? api.unix_socket_group : api.readonly_socket_group) = *gid;
    } else if (k == "max_memory_mb") {
      if (auto n = read_int(a.second, "api.max_memory_mb", 16, 65536, errors))
        api.max_memory_bytes = static_cast<uint64_t>(*n) << 20;
    } else if (k == "max_threads") {
      if (auto n = read_int(a.second, "api.max_threads", 4, 1024, errors))
        api.max_threads = static_cast<int>(*n);
    } else if (k == "tokens") {
      read_api_tokens(a.second, api.tokens, errors);
    } else if (k == "max_streams") {
      if (auto n = read_int(a.second, "api.max_streams", 1, 100000, errors)) api.max_streams = *n;
    } else if (k == "stalled_stream_seconds") {
      if (auto n = read_int(a.second, "api.stalled_stream_seconds", 1, 86400, errors))
        api.stalled_stream_seconds = *n;
    } else if (k == "nice") {
      if (auto n = read_int(a.second, "api.nice", 0, 19, errors)) api.nice = static_cast<int>(*n);
    } else if (k == "tcp") {
      if (!a.second.IsMap()) {
        errors.add(a.second, "api.tcp", "expected {listen, tls: {cert, key, client_ca}}");
        continue;
      }
      for (const auto& t : a.second) {
        const std::string tk = t.first.Scalar();
        if (tk == "listen") {
          auto s = read_string(t.second, "api.tcp.listen", errors);
          if (s && parse_host_port(*s))
            api.tcp_listen = *s;
          else if (s)
            errors.add(t.second, "api.tcp.listen", "expected host:port, e.g. 127.0.0.1:50051");
        } else if (tk == "tls") {
          if (!t.second.IsMap()) {
            errors.add(t.second, "api.tcp.tls", "expected {cert, key, client_ca}");
            continue;
          }
          for (const auto& f : t.second) {
            const std::string fk = f.first.Scalar();
            std::string* target = fk == "cert"        ? &api.tls_cert
                                  : fk == "key"       ? &api.tls_key
                                  : fk == "client_ca" ? &api.tls_client_ca
                                                      : nullptr;
            if (!target) {
              unknown_key(f.first, "api.tcp.tls.", errors);
              continue;
            }
            if (auto path = read_file_path(f.second, base, "api.tcp.tls." + fk, errors))
              *target = *path;
          }
        } else {
          unknown_key(t.first, "api.tcp.", errors);
        }
      }
      // TCP only with TLS: tokens would cross the network in clear otherwise.
      if (!api.tcp_listen.empty() &&
          (!a.second["tls"] || !a.second["tls"]["cert"] || !a.second["tls"]["key"]))
        errors.add(a.second, "api.tcp.tls", "tcp needs tls: {cert, key}: no plain-text TCP");
      if (api.tcp_listen.empty()) errors.add(a.second, "api.tcp.listen", "missing: host:port");
    } else {
      unknown_key(a.first, "api.", errors);
    }
  }
}

// metrics: {listen: 127.0.0.1:9477}: Prometheus' endpoint, on a loopback address only.
void read_metrics(const YAML::Node& node, std::string& listen, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, "metrics", "expected {listen: 127.0.0.1:PORT}");
    return;
  }
  for (const auto& kv : node) {
    if (kv.first.Scalar() != "listen") {
      unknown_key(kv.first, "metrics.", errors);
      continue;
    }
    auto s = read_string(kv.second, "metrics.listen", errors);
    if (!s) continue;
    auto url = parse_host_port(*s);
    boost::system::error_code ec;
    const auto address =
        url ? boost::asio::ip::make_address(url->host, ec) : boost::asio::ip::address();
    if (!url || ec)
      errors.add(kv.second, "metrics.listen", "expected IP:port, e.g. 127.0.0.1:9477");
    else if (!address.is_loopback())
      errors.add(kv.second, "metrics.listen",
                 url->host +
                     " is not a loopback address: the metrics are served in plain HTTP "
                     "to this machine only (put a TLS proxy in front for remote scrapes)");
    else
      listen = *s;
  }
}

std::optional<int64_t> read_time(const YAML::Node& node, const std::string& field,
                                 ConfigErrors& errors) {
  const auto text = read_string(node, field, errors);
  if (!text) return std::nullopt;
  auto seconds = parse_utc_time(*text);
  if (!seconds)
    errors.add(node, field,
               "cannot read time '" + *text + "' (use 2008-02-24T18:47:57Z or Unix seconds)");
  return seconds;
}

// BGPStream-style filter of an mrt source: prefixes (with more_specific/less_specific),
// peer_asns, origins, types ("aws").
void read_filter(const YAML::Node& node, const std::string& field, UpdateFilter& filter,
                 ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, field,
               "expected a map (prefixes, more_specific, less_specific, "
               "peer_asns, origins, types)");
    return;
  }
  auto asns = [&](const YAML::Node& list, const std::string& where) {
    std::vector<uint32_t> out;
    if (list.IsScalar()) {
      if (auto a = read_asn(list, where, errors)) out.push_back(*a);
    } else if (list.IsSequence()) {
      for (size_t i = 0; i < list.size(); ++i)
        if (auto a = read_asn(list[i], where + "[" + std::to_string(i) + "]", errors))
          out.push_back(*a);
    } else {
      errors.add(list, where, "expected an ASN or a list of ASNs");
    }
    return out;
  };
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string where = field + "." + key;
    if (key == "prefixes") {
      for (const auto& text : read_string_list(kv.second, where, errors)) {
        if (auto p = Prefix::parse(text))
          filter.prefixes.push_back(*p);
        else
          errors.add(kv.second, where, "'" + text + "' is not a prefix");
      }
    } else if (key == "more_specific") {
      filter.more_specific = read_bool(kv.second, where, errors).value_or(false);
    } else if (key == "less_specific") {
      filter.less_specific = read_bool(kv.second, where, errors).value_or(false);
    } else if (key == "peer_asns") {
      filter.peer_asns = asns(kv.second, where);
    } else if (key == "origins") {
      filter.origins = asns(kv.second, where);
    } else if (key == "types") {
      if (auto text = read_string(kv.second, where, errors)) {
        auto kinds = parse_update_kinds(*text);
        if (kinds)
          filter.kinds = *kinds;
        else
          errors.add(kv.second, where, kinds.error());
      }
    } else {
      unknown_key(kv.first, field + ".", errors);
    }
  }
}

// history: {scope: all|monitored, retention_days: N, max_bytes: N, retention_check_seconds: N}
void read_history(const YAML::Node& node, HistoryConfig& h, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, "history", "expected a map (scope, retention_days, max_bytes)");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string where = "history." + key;
    if (key == "scope") {
      if (auto s = read_string(kv.second, where, errors)) {
        if (*s == "all" || *s == "monitored")
          h.scope_all = *s == "all";
        else
          errors.add(kv.second, where, "expected all or monitored");
      }
    } else if (key == "retention_days") {
      if (auto n = read_int(kv.second, where, 0, 100 * 365, errors)) h.retention_days = *n;
    } else if (key == "max_bytes") {
      if (auto n = read_int(kv.second, where, 0, INT64_MAX, errors))
        h.max_bytes = static_cast<uint64_t>(*n);
    } else if (key == "retention_check_seconds") {
      if (auto n = read_int(kv.second, where, 1, 86400, errors)) h.retention_check_seconds = *n;
    } else {
      unknown_key(kv.first, "history.", errors);
    }
  }
}

// rpki.rtr: {host: H, port: P}: an RTR cache.
void read_rtr(const YAML::Node& node, RpkiConfig& r, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, "rpki.rtr", "expected a map (host, port)");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string where = "rpki.rtr." + key;
    if (key == "host") {
      if (auto s = read_string(kv.second, where, errors)) r.rtr_host = *s;
    } else if (key == "port") {
      if (auto n = read_int(kv.second, where, 1, 65535, errors)) r.rtr_port = std::to_string(*n);
    } else {
      unknown_key(kv.first, "rpki.rtr.", errors);
    }
  }
  if (r.rtr_host.empty()) errors.add(node, "rpki.rtr.host", "missing: the RTR cache's address");
}

// rpki: {vrpFile: F, slurmFile: F, rtr: {host, port}, checkUncovered: bool,
// markDataAsStaleAfterMinutes: N}.
// The files are read here too, so that --check-config reports a broken one.
void read_rpki(const YAML::Node& node, const fs::path& base, const DatasetChecks& datasets,
               RpkiConfig& r, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, "rpki", "expected a map (vrpFile, slurmFile, checkUncovered, …)");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const std::string where = "rpki." + key;
    if (key == "vrpFile" || key == "slurmFile") {
      auto s = read_string(kv.second, where, errors);
      if (!s) continue;
      const std::string path = resolve(base, *s);
      (key == "vrpFile" ? r.vrp_file : r.slurm_file) = path;
      if (auto st = check_dataset(datasets, where, path); !st)
        errors.add(kv.second, where, st.error());
    } else if (key == "rtr") {
      read_rtr(kv.second, r, errors);
    } else if (key == "checkUncovered") {
      if (auto b = read_bool(kv.second, where, errors)) r.check_uncovered = *b;
    } else if (key == "markDataAsStaleAfterMinutes") {
      if (auto n = read_int(kv.second, where, 0, 525600, errors)) r.stale_after_minutes = *n;
    } else {
      unknown_key(kv.first, "rpki.", errors);
    }
  }
  if (!r.enabled() && !r.slurm_file.empty())
    errors.add(node, "rpki.slurmFile", "needs rpki.vrpFile or rpki.rtr: SLURM amends their VRPs");
}

// backfill: {archives: {COLLECTOR: [paths]}, wait: S, max_gap: S}
void read_backfill(const YAML::Node& node, const std::string& field, const fs::path& base,
                   SourceConfig& source, ConfigErrors& errors) {
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
        SourceConfig::BackfillArchive a{collector, {}};
        for (const auto& p : read_string_list(archive.second, where, errors))
          a.paths.push_back(resolve(base, p));
        if (a.paths.empty())
          errors.add(archive.second, where, "expected the archive's files, directories or globs");
        source.backfill_archives.push_back(std::move(a));
      }
    } else if (key == "wait") {
      if (auto n = read_int(kv.second, field + ".wait", 0, 7 * 86400, errors))
        source.backfill_wait_s = *n;
    } else if (key == "max_gap") {
      if (auto n = read_int(kv.second, field + ".max_gap", 1, 30 * 86400, errors))
        source.backfill_max_gap_s = *n;
    } else {
      unknown_key(kv.first, field + ".", errors);
    }
  }
  if (!node["archives"].IsDefined())
    errors.add(node, field + ".archives", "missing: the MRT archives to back-fill gaps from");
}

// canary: {prefixes: [P, ...], every: S, grace: S}
void read_canary(const YAML::Node& node, const std::string& field, SourceConfig& source,
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
          source.canary_prefixes.push_back(*p);
        else
          errors.add(kv.second, field + ".prefixes", "'" + text + "' is not a prefix");
      }
    } else if (key == "every") {
      if (auto n = read_int(kv.second, field + ".every", 1, 7 * 86400, errors))
        source.canary_every_s = *n;
    } else if (key == "grace") {
      if (auto n = read_int(kv.second, field + ".grace", 0, 86400, errors))
        source.canary_grace_s = *n;
    } else {
      unknown_key(kv.first, field + ".", errors);
    }
  }
  if (!node["prefixes"].IsDefined())
    errors.add(node, field + ".prefixes", "missing: the RIS beacon prefixes to listen for");
}

void read_sources(const YAML::Node& node, const fs::path& base, AgentConfig& c,
                  ConfigErrors& errors) {
  if (!node.IsSequence()) {
    errors.add(node, "sources", "expected a list of sources");
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node& s = node[i];
    const std::string field = "sources[" + std::to_string(i) + "]";
    if (!s.IsMap()) {
      errors.add(s, field, "expected a map with a type");
      continue;
    }
    SourceConfig source;
    for (const auto& kv : s) {
      const std::string key = kv.first.Scalar();
      if (key == "type") {
        if (auto t = read_string(kv.second, field + ".type", errors)) source.type = *t;
      } else if (key == "name") {
        if (auto n = read_string(kv.second, field + ".name", errors)) source.name = *n;
      } else if (key == "paths") {
        for (const auto& p : read_string_list(kv.second, field + ".paths", errors))
          source.paths.push_back(resolve(base, p));
      } else if (key == "from") {
        source.filter.from_s = read_time(kv.second, field + ".from", errors);
      } else if (key == "to") {
        source.filter.to_s = read_time(kv.second, field + ".to", errors);
      } else if (key == "filter") {
        read_filter(kv.second, field + ".filter", source.filter, errors);
      } else if (key == "url") {
        if (auto u = read_string(kv.second, field + ".url", errors)) {
          source.url = *u;
          if (!parse_websocket_url(*u))
            errors.add(kv.second, field + ".url",
                       "expected a ws:// or wss:// URL (ws[s]://host[:port][/path])");
        }
      } else if (key == "client") {
        if (auto c = read_string(kv.second, field + ".client", errors)) source.client = *c;
      } else if (key == "subscribe") {
        if (auto v = read_string(kv.second, field + ".subscribe", errors)) {
          if (*v == "all" || *v == "monitored")
            source.subscribe_all = *v == "all";
          else
            errors.add(kv.second, field + ".subscribe", "expected all or monitored");
        }
      } else if (key == "stale_after") {
        if (auto n = read_int(kv.second, field + ".stale_after", 1, 86400, errors))
          source.stale_after_s = *n;
      } else if (key == "ca_file") {
        if (auto c = read_string(kv.second, field + ".ca_file", errors))
          source.ca_file = resolve(base, *c);
      } else if (key == "proxy") {
        if (auto p = read_string(kv.second, field + ".proxy", errors)) {
          source.proxy = *p;
          if (!parse_proxy_url(*p))
            errors.add(kv.second, field + ".proxy", "expected http://host:port");
        }
      } else if (key == "backfill") {
        read_backfill(kv.second, field + ".backfill", base, source, errors);
      } else if (key == "canary") {
        read_canary(kv.second, field + ".canary", source, errors);
      } else {
        unknown_key(kv.first, field + ".", errors);
      }
    }
    static const std::set<std::string> kTypes = {"mrt", "ris_live_file", "ris_live"};
    if (!kTypes.count(source.type)) {
      errors.add(s["type"].IsDefined() ? s["type"] : s, field + ".type",
                 source.type.empty() ? "missing (supported: mrt, ris_live_file, ris_live)"
                                     : "unknown source type '" + source.type +
                                           "' (supported: mrt, ris_live_file, ris_live)");
      continue;
    }
    const bool live = source.type == "ris_live";
    if (source.paths.empty() && !live)
      errors.add(s, field + ".paths", "an " + source.type + " source needs files or globs");
    if (live && !source.paths.empty())
      errors.add(s["paths"], field + ".paths", "a ris_live source reads a url, not files");
    if (!live && !source.backfill_archives.empty())
      errors.add(s["backfill"], field + ".backfill",
                 "only a ris_live source has gaps to back-fill");
    if (!live && !source.canary_prefixes.empty())
      errors.add(s["canary"], field + ".canary", "only a ris_live source listens for a canary");
    if (source.filter.from_s && source.filter.to_s && *source.filter.from_s > *source.filter.to_s)
      errors.add(s["to"], field + ".to", "is before from");
    if (source.name.empty()) source.name = i == 0 ? source.type : source.type + std::to_string(i);
    if (!names.insert(source.name).second)
      errors.add(s, field + ".name", "duplicate source name '" + source.name + "'");
    c.sources.push_back(std::move(source));
  }
}

void read_sinks(const YAML::Node& node, const fs::path& base, AgentConfig& c,
                ConfigErrors& errors) {
  if (!node.IsSequence()) {
    errors.add(node, "sinks", "expected a list of sinks");
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node& s = node[i];
    const std::string field = "sinks[" + std::to_string(i) + "]";
    if (!s.IsMap()) {
      errors.add(s, field, "expected a map with a type");
      continue;
    }
    SinkConfig sink;
    for (const auto& kv : s) {
      const std::string key = kv.first.Scalar();
      if (key == "type") {
        if (auto t = read_string(kv.second, field + ".type", errors)) sink.type = *t;
      } else if (key == "name") {
        if (auto n = read_string(kv.second, field + ".name", errors)) sink.name = *n;
      } else if (key == "path") {
        if (auto p = read_string(kv.second, field + ".path", errors)) sink.path = resolve(base, *p);
      } else if (key == "min_confidence") {
        if (auto n = read_int(kv.second, field + ".min_confidence", 0, 10, errors))
          sink.min_confidence = static_cast<uint32_t>(*n);
      } else {
        unknown_key(kv.first, field + ".", errors);
      }
    }
    if (sink.type != "file") {
      errors.add(s["type"].IsDefined() ? s["type"] : s, field + ".type",
                 sink.type.empty() ? "missing (supported: file)"
                                   : "unknown sink type '" + sink.type + "' (supported: file)");
      continue;
    }
    if (sink.path.empty()) errors.add(s, field + ".path", "a file sink needs a path");
    if (sink.name.empty()) sink.name = i == 0 ? sink.type : sink.type + std::to_string(i);
    if (!names.insert(sink.name).second)
      errors.add(s, field + ".name", "duplicate sink name '" + sink.name + "'");
    c.sinks.push_back(std::move(sink));
  }
}

}  // namespace

std::string LoadedConfig::errors_text() const {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

LoadedConfig load_agent_config(const std::string& path, const DatasetChecks& datasets) {
  LoadedConfig loaded;
  AgentConfig& c = loaded.config;
  ConfigErrors errors(path);
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  c.file = absolute.lexically_normal().string();
  const fs::path base = absolute.parent_path();

  YAML::Node root;
  // The agent's own file holds settings, not data: a small limit on what it may expand to.
  const YamlLimits limits{1 << 20, 100'000};
  if (auto text = read_text_file(path, limits.max_bytes); !text) {
    errors.add_file_error("cannot read file: " + text.error());
  } else {
    try {
      auto parsed = load_bounded_yaml(*text, limits);
      if (parsed)
        root = std::move(*parsed);
      else
        errors.add_file_error("refused: " + parsed.error());
    } catch (const YAML::Exception& e) {
      errors.add(e.mark, "", "YAML syntax error: " + e.msg);
    }
  }
  if (errors.empty() && !root.IsMap()) errors.add(root, "", "expected a map of settings");
  if (!errors.empty()) {
    loaded.errors = errors.errors();
    return loaded;
  }

  c.data_dir = resolve(base, "var");
  c.api.unix_socket = "";
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    c.settings[key] = YAML::Dump(v);
    if (key == "data_dir") {
      if (auto s = read_string(v, key, errors)) c.data_dir = resolve(base, *s);
    } else if (key == "prefixes_file") {
      if (auto s = read_string(v, key, errors)) c.prefixes_file = resolve(base, *s);
    } else if (key == "log_level") {
      if (auto s = read_string(v, key, errors)) {
        static const std::set<std::string> levels = {"trace", "debug", "info",
                                                     "warn",  "error", "critical"};
        if (levels.count(*s))
          c.log_level = *s;
        else
          errors.add(v, key, "expected one of trace, debug, info, warn, error, critical");
      }
    } else if (key == "api") {
      read_api(v, base, c.api, errors);
    } else if (key == "metrics") {
      read_metrics(v, c.metrics_listen, errors);
    } else if (key == "history") {
      read_history(v, c.history, errors);
    } else if (key == "rpki") {
      read_rpki(v, base, datasets, c.rpki, errors);
    } else if (key == "as_relationships_file") {
      if (auto s = read_string(v, key, errors)) {
        c.as_relationships_file = resolve(base, *s);
        if (auto st = check_dataset(datasets, key, c.as_relationships_file); !st)
          errors.add(v, key, st.error());
      }
    } else if (key == "sources") {
      read_sources(v, base, c, errors);
    } else if (key == "sinks") {
      read_sinks(v, base, c, errors);
    } else if (key == "monitors" || key == "notificationIntervalSeconds" ||
               key == "alertOnlyOnce" || key == "fadeOffSeconds") {
      // read below, together: the top-level defaults apply before each monitor's own
    } else {
      unknown_key(kv.first, "", errors);
    }
  }
  c.monitors = read_monitor_policies(root, errors);
  if (c.api.unix_socket.empty())
    c.api.unix_socket = (fs::path(c.data_dir) / "bgpsentry.sock").string();
  for (const auto& [field, path] : {std::pair{"api.unix_socket", &c.api.unix_socket},
                                    std::pair{"api.readonly_socket", &c.api.readonly_socket}})
    if (path->size() >= sizeof(sockaddr_un::sun_path))
      errors.add(root["api"], field,
                 "path is " + std::to_string(path->size()) + " bytes; unix sockets allow at most " +
                     std::to_string(sizeof(sockaddr_un::sun_path) - 1));
  if (!c.api.readonly_socket.empty() && c.api.readonly_socket == c.api.unix_socket)
    errors.add(root["api"], "api.readonly_socket", "the same path as api.unix_socket");
  if (c.prefixes_file.empty())
    errors.add(root, "prefixes_file", "missing: name the BGPalerter-format prefixes.yml");
  loaded.errors = errors.errors();
  if (!c.prefixes_file.empty()) {
    ConfigErrors prefix_errors(c.prefixes_file);
    c.prefixes = load_prefixes_file(c.prefixes_file, prefix_errors, &c.prefixes_text);
    loaded.errors.insert(loaded.errors.end(), prefix_errors.errors().begin(),
                         prefix_errors.errors().end());
    loaded.warnings = c.prefixes.warnings;
  }
  return loaded;
}

}  // namespace bgpsentry
