// A snapshot of the running agent for AdminService.GetStatus, assembled by main.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/alert/sink_health.h"
#include "agent/detect/detection_watch.h"
#include "agent/detect/route_table.h"
#include "agent/ingest/source.h"
#include "agent/irr/irr_files.h"
#include "agent/model/alert.h"
#include "storage/store_health.h"

namespace bgpsentry {

struct QueueSnapshot {
  std::string name;
  uint64_t depth = 0, capacity = 0;
  uint64_t shed = 0;  // updates refused while full (live feeds), since the start
};

struct SinkSnapshot {
  std::string name;
  uint64_t delivered_id = 0;  // every alert up to this id was delivered or passed over
  uint64_t failures = 0;      // failed deliveries (each retried)
  uint64_t silenced = 0;      // alerts a silence kept from this sink since start
  SinkHealth health;
  uint64_t backlog = 0;  // alerts stored after delivered_id
};

struct AlertCount {
  AlertType type;
  EventNotice notice;
  uint64_t count = 0;
};

struct AgentStatus {
  std::string version;
  int64_t started_us = 0;
  std::vector<SourceStatus> sources;
  std::vector<QueueSnapshot> queues;
  std::string data_dir;
  uint64_t updates_stored = 0;
  uint64_t store_bytes = 0;
  std::optional<int64_t> oldest_us, newest_us;  // stored time span, if anything is stored
  uint64_t store_write_errors = 0;              // failed attempts since start
  std::optional<StoreFailure> store_failing;    // the store cannot write now
  uint64_t updates_processed = 0;
  uint64_t alerts_total = 0;
  uint64_t last_alert_id = 0;
  uint64_t monitored_prefixes = 0;
  uint64_t monitored_asns = 0;
  uint64_t events_ongoing = 0;
  uint64_t last_event_id = 0;
  uint64_t config_revision = 0;
  RouteTableStats route_table;
  DetectionLoad detection;
  std::vector<SinkSnapshot> sinks;
  std::vector<AlertCount> alerts_by_type;  // since start; only those raised
  uint64_t alert_streams = 0;              // WatchAlerts open
  uint64_t alert_streams_cut = 0;          // cut since start (their client stopped reading)
  std::optional<IrrStatus> irr;            // irr.files configured
};

}  // namespace bgpsentry
