// bgpsentry.yml: the agent's own configuration, plus the prefixes file it names.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/config/api_tokens.h"
#include "agent/config/config_error.h"
#include "agent/config/config_sections.h"
#include "agent/config/dataset_checks.h"
#include "agent/config/monitor_policy.h"
#include "agent/config/prefixes_config.h"

namespace bgpsentry {

struct ApiConfig {
  std::string unix_socket;
  std::string readonly_socket;  // optional: queries and streams only (viewer)
  // Each socket's mode and group (unset: the daemon's group): whoever can connect to the
  // unix socket is admin, to the read-only one a viewer.
  mode_t unix_socket_mode = 0660, readonly_socket_mode = 0660;
  std::optional<gid_t> unix_socket_group, readonly_socket_group;
  // tcp: only with TLS; client_ca set: clients must present a certificate it signed.
  std::string tcp_listen;                        // host:port; empty: no TCP listener
  std::string tls_cert, tls_key, tls_client_ca;  // absolute
  std::vector<ApiToken> tokens;
  // WatchAlerts: at most this many open at once; one whose client took nothing for this
  // long is cut (the client resumes with from_id).
  size_t max_streams = 1024;
  int64_t stalled_stream_seconds = 30;
  // The API's threads (gRPC's and the stream pumps) run this much nicer than the daemon (at
  // most 19): when the CPU is short, queries and streams wait, ingest does not.
  int nice = 10;
  // What requests and responses in flight may hold on each listener, and the threads its
  // synchronous calls may run on at once (gRPC's resource quota, one per listener).
  uint64_t max_memory_bytes = 128ull << 20;
  int max_threads = 64;
};

// history: what the store keeps, and for how long.
struct HistoryConfig {
  bool scope_all = true;       // scope: all (every update ingested) | monitored
  int64_t retention_days = 0;  // 0: keep forever
  uint64_t max_bytes = 0;      // 0: no size limit
  int64_t retention_check_seconds = 60;
};

// rpki: route origin validation, BGPalerter's names (vrpFile, markDataAsStaleAfterMinutes,
// checkUncovered) plus slurmFile. No vrpFile: no RPKI checks.
struct RpkiConfig {
  std::string vrp_file;    // absolute; optional when an RTR cache is named
  std::string slurm_file;  // absolute, optional
  std::string rtr_host;    // rtr: {host, port}: an RTR cache (RFC 8210) as a VRP source
  std::string rtr_port = "323";
  bool enabled() const { return !vrp_file.empty() || !rtr_host.empty(); }
  bool check_uncovered = false;
  int64_t stale_after_minutes = 120;
};

// irr: {files: [...], reload_check_seconds: N}: IRR dumps (RPSL route/route6 objects) as evidence
// on events, for `bgpctl irr check`, and checked against the monitored prefixes' origins. Reloaded
// when a file changes.
struct IrrConfig {
  std::vector<std::string> files;     // absolute
  int64_t reload_check_seconds = 60;  // how often the files are checked for a new version
  bool enabled() const { return !files.empty(); }
};

struct AgentConfig {
  std::string file;           // absolute path of bgpsentry.yml
  std::string data_dir;       // absolute
  std::string prefixes_file;  // absolute
  std::string log_level = "info";
  ApiConfig api;
  std::string metrics_listen;  // metrics.listen: loopback host:port; empty: no metrics
  HistoryConfig history;
  RpkiConfig rpki;
  // as_relationships_file: CAIDA as-rel (leak monitor, relationship tags); empty when none
  // is named. Its contents are checked at load (DatasetChecks) and read by the agent.
  std::string as_relationships_file;  // absolute
  IrrConfig irr;
  MonitorPolicies monitors = default_monitor_policies();
  std::vector<SourceConfig> sources;
  std::vector<SinkConfig> sinks;
  PrefixesConfig prefixes;
  std::string prefixes_text;  // the prefixes file as read
  // Each top-level key of bgpsentry.yml as written (YAML-normalized), to tell what a
  // reload changes.
  std::map<std::string, std::string> settings;
};

struct LoadedConfig {
  AgentConfig config;
  std::vector<ConfigError> errors;  // empty when the config is usable
  std::vector<std::string> warnings;
  std::string errors_text() const;
};

// What config asks of the modules above it: a check for each data file it names, a reader
// for each source and sink type. The daemon's are agent_config_modules().
struct ConfigModules {
  DatasetChecks datasets;
  SectionReaders sources;
  SectionReaders sinks;
};

// Loads bgpsentry.yml and its prefixes file. Relative paths are relative to the file.
LoadedConfig load_agent_config(const std::string& path, const ConfigModules& modules);

}  // namespace bgpsentry
