#include "agent/config/agent_config.h"

#include <boost/asio/ip/address.hpp>

#include "agent/core/url.h"

#include <grp.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <set>
#include <type_traits>

#include "agent/config/bounded_yaml.h"
#include "agent/config/yaml_fields.h"
#include "agent/core/text_file.h"

namespace bgpsentry {
namespace {

namespace fs = std::filesystem;

void unknown_key(const YAML::Node& key, const std::string& where, ConfigErrors& errors) {
  errors.add(key, where + key.Scalar(), "unknown key");
}

// A file the agent must read at start: named relative to the config, checked now.
std::optional<std::string> read_file_path(const YAML::Node& node, const fs::path& base,
                                          const std::string& field, ConfigErrors& errors) {
  auto s = read_string(node, field, errors);
  if (!s) return std::nullopt;
  const std::string path = resolve_path(base, *s);
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
        (k == "unix_socket" ? api.unix_socket : api.readonly_socket) = resolve_path(base, *s);
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
      const std::string path = resolve_path(base, *s);
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

// irr: {files: [F, …], reload_check_seconds: N}. Each file is checked here only to be readable (or
// by the check registered for "irr.files"): a dump of millions of objects is read once, by the
// agent.
void read_irr(const YAML::Node& node, const fs::path& base, const DatasetChecks& datasets,
              IrrConfig& irr, ConfigErrors& errors) {
  if (!node.IsMap()) {
    errors.add(node, "irr", "expected a map (files, reload_check_seconds)");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "files") {
      const auto files = read_string_list(kv.second, "irr.files", errors);
      for (size_t i = 0; i < files.size(); ++i) {
        const std::string path = resolve_path(base, files[i]);
        if (auto st = check_dataset(datasets, "irr.files", path); !st)
          errors.add(kv.second.IsSequence() ? kv.second[i] : kv.second,
                     "irr.files[" + std::to_string(i) + "]", st.error());
        irr.files.push_back(path);
      }
    } else if (key == "reload_check_seconds") {
      if (auto n = read_int(kv.second, "irr.reload_check_seconds", 1, 86400, errors))
        irr.reload_check_seconds = *n;
    } else {
      unknown_key(kv.first, "irr.", errors);
    }
  }
  if (irr.files.empty()) errors.add(node, "irr.files", "missing: name at least one IRR dump");
}

// storm: {max_messages: N, per_seconds: S} (N 2..10000, S 1..86400), or off.
std::optional<StormLimit> read_storm(const YAML::Node& node, const std::string& field,
                                     ConfigErrors& errors) {
  if (node.IsScalar() && (node.Scalar() == "off" || node.Scalar() == "false")) return StormLimit{};
  if (!node.IsMap()) {
    errors.add(node, field, "expected {max_messages: N, per_seconds: S} or off");
    return std::nullopt;
  }
  StormLimit limit;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "max_messages") {
      // Two at least: one message of each window is kept for a digest.
      if (auto n = read_int(kv.second, field + "." + key, 2, 10000, errors))
        limit.max_messages = static_cast<uint32_t>(*n);
    } else if (key == "per_seconds") {
      if (auto n = read_int(kv.second, field + "." + key, 1, 86400, errors))
        limit.per_seconds = static_cast<uint32_t>(*n);
    } else {
      errors.add(kv.first, field + "." + key, "unknown key");
    }
  }
  for (const char* key : {"max_messages", "per_seconds"})
    if (!node[key]) errors.add(node, field + "." + key, "missing");
  return limit;
}

// sources: or sinks: (`kind`): a list of sections, each read by its type's reader.
template <typename Section>
void read_sections(const YAML::Node& node, const std::string& kind, const fs::path& base,
                   const SectionReaders& readers, std::vector<Section>& out, ConfigErrors& errors) {
  const std::string list = kind + "s";
  if (!node.IsSequence()) {
    errors.add(node, list, "expected a list of " + list);
    return;
  }
  std::string supported;
  for (const auto& [type, reader] : readers) supported += (supported.empty() ? "" : ", ") + type;
  constexpr bool kSink = std::is_same_v<Section, SinkConfig>;
  std::vector<std::string> common = {"type", "name"};
  if constexpr (kSink)
    common.insert(common.end(), {"min_confidence", "types", "groups", "give_up_after", "storm"});
  std::set<std::string> names;
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node& s = node[i];
    const std::string field = list + "[" + std::to_string(i) + "]";
    if (!s.IsMap()) {
      errors.add(s, field, "expected a map with a type");
      continue;
    }
    Section section;
    for (const auto& key : common) {
      const YAML::Node v = s[key];
      if (!v.IsDefined()) continue;
      const std::string where = field + "." + key;
      if (key == "type") {
        if (auto t = read_string(v, where, errors)) section.type = *t;
      } else if (key == "name") {
        if (auto n = read_string(v, where, errors)) section.name = *n;
      } else if constexpr (kSink) {
        if (key == "min_confidence") {
          if (auto n = read_int(v, where, 0, 10, errors))
            section.min_confidence = static_cast<uint32_t>(*n);
        } else if (key == "types") {
          for (const auto& name : read_string_list(v, where, errors)) {
            if (auto t = parse_alert_type(name))
              section.types.push_back(*t);
            else
              errors.add(v, where, "'" + name + "' is not an alert type (ORIGIN_HIJACK, …)");
          }
        } else if (key == "groups") {
          section.groups = read_string_list(v, where, errors);
        } else if (key == "storm") {
          section.storm = read_storm(v, where, errors);
        } else if (key == "give_up_after") {
          // Seconds: a minute to a year.
          if (auto n = read_int(v, where, 60, 365 * 86400, errors))
            section.give_up_after = std::chrono::seconds(*n);
        }
      }
    }
    const auto reader = readers.find(section.type);
    if (reader == readers.end() || !reader->second) {
      errors.add(s["type"].IsDefined() ? s["type"] : s, field + ".type",
                 section.type.empty() ? "missing (supported: " + supported + ")"
                                      : "unknown " + kind + " type '" + section.type +
                                            "' (supported: " + supported + ")");
      continue;
    }
    section.settings = reader->second(s, SectionContext{field, base, section.type, common}, errors);
    if (section.name.empty())
      section.name = i == 0 ? section.type : section.type + std::to_string(i);
    if (!names.insert(section.name).second)
      errors.add(s, field + ".name", "duplicate " + kind + " name '" + section.name + "'");
    out.push_back(std::move(section));
  }
}

}  // namespace

std::string LoadedConfig::errors_text() const {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

LoadedConfig load_agent_config(const std::string& path, const ConfigModules& modules) {
  const DatasetChecks& datasets = modules.datasets;
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

  c.data_dir = resolve_path(base, "var");
  c.api.unix_socket = "";
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    c.settings[key] = YAML::Dump(v);
    if (key == "data_dir") {
      if (auto s = read_string(v, key, errors)) c.data_dir = resolve_path(base, *s);
    } else if (key == "prefixes_file") {
      if (auto s = read_string(v, key, errors)) c.prefixes_file = resolve_path(base, *s);
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
        c.as_relationships_file = resolve_path(base, *s);
        if (auto st = check_dataset(datasets, key, c.as_relationships_file); !st)
          errors.add(v, key, st.error());
      }
    } else if (key == "irr") {
      read_irr(v, base, datasets, c.irr, errors);
    } else if (key == "sources") {
      read_sections(v, "source", base, modules.sources, c.sources, errors);
    } else if (key == "sinks") {
      read_sections(v, "sink", base, modules.sinks, c.sinks, errors);
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
