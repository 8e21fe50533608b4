#include "agent/api/metrics_text.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <utility>

namespace bgpsentry {
namespace {

// A label value: backslash, double quote and newline escaped, as the format requires.
std::string escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

using Labels = std::initializer_list<std::pair<const char*, std::string>>;

class Writer {
 public:
  // Each family once: its HELP and TYPE, then its samples.
  void family(const char* name, const char* type, const char* help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }
  void sample(const char* name, Labels labels, double value) {
    out_ += name;
    if (labels.size()) {
      out_ += '{';
      bool first = true;
      for (const auto& [k, v] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += k;
        out_ += "=\"" + escaped(v) + '"';
      }
      out_ += '}';
    }
    char number[40];
    // Counts as integers; times and ratios with the precision a scrape needs.
    if (value == std::floor(value) && std::fabs(value) < 1e18)
      std::snprintf(number, sizeof number, " %" PRId64 "\n", static_cast<int64_t>(value));
    else
      std::snprintf(number, sizeof number, " %.6f\n", value);
    out_ += number;
  }
  void one(const char* name, const char* type, const char* help, double value) {
    family(name, type, help);
    sample(name, {}, value);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string render_metrics(const AgentStatus& s, int64_t now_us) {
  Writer w;
  w.one("bgpsentry_uptime_seconds", "gauge", "Seconds since bgpsentryd started.",
        static_cast<double>(now_us - s.started_us) / 1e6);

  w.family("bgpsentry_source_state", "gauge", "1 for the state each source is in.");
  for (const auto& src : s.sources)
    w.sample("bgpsentry_source_state",
             {{"source", src.name}, {"type", src.type}, {"state", to_string(src.state)}}, 1);
  struct SourceCounter {
    const char* name;
    const char* help;
    uint64_t SourceStatus::*field;
  };
  for (const auto& c : {
           SourceCounter{"bgpsentry_source_records_total", "Records (MRT records, messages) read.",
                         &SourceStatus::records},
           SourceCounter{"bgpsentry_source_updates_total", "Prefix updates read.",
                         &SourceStatus::updates},
           SourceCounter{"bgpsentry_source_parse_errors_total",
                         "Malformed records or messages, counted and skipped.",
                         &SourceStatus::parse_errors},
           SourceCounter{"bgpsentry_source_warnings_total", "Records decoded with a repair.",
                         &SourceStatus::warnings},
           SourceCounter{"bgpsentry_source_skipped_records_total",
                         "Records of types that carry no updates.", &SourceStatus::skipped},
           SourceCounter{"bgpsentry_source_dropped_updates_total",
                         "Updates a live source shed because the pipeline was behind.",
                         &SourceStatus::dropped},
           SourceCounter{"bgpsentry_source_reconnects_total", "Connections a live source lost.",
                         &SourceStatus::reconnects},
       }) {
    w.family(c.name, "counter", c.help);
    for (const auto& src : s.sources)
      w.sample(c.name, {{"source", src.name}, {"type", src.type}},
               static_cast<double>(src.*c.field));
  }
  w.family("bgpsentry_source_last_update_timestamp_seconds", "gauge",
           "Data time of the newest update a source read.");
  for (const auto& src : s.sources)
    if (src.last_update_time_us)
      w.sample("bgpsentry_source_last_update_timestamp_seconds",
               {{"source", src.name}, {"type", src.type}},
               static_cast<double>(src.last_update_time_us) / 1e6);

  w.family("bgpsentry_queue_depth", "gauge", "Updates waiting in a pipeline queue.");
  for (const auto& q : s.queues)
    w.sample("bgpsentry_queue_depth", {{"queue", q.name}}, static_cast<double>(q.depth));
  w.family("bgpsentry_queue_capacity", "gauge", "A pipeline queue's capacity in updates.");
  for (const auto& q : s.queues)
    w.sample("bgpsentry_queue_capacity", {{"queue", q.name}}, static_cast<double>(q.capacity));
  w.family("bgpsentry_queue_shed_updates_total", "counter",
           "Updates a pipeline queue refused while full (live feeds never wait).");
  for (const auto& q : s.queues)
    w.sample("bgpsentry_queue_shed_updates_total", {{"queue", q.name}},
             static_cast<double>(q.shed));

  w.one("bgpsentry_store_updates", "gauge", "Updates in the history store.",
        static_cast<double>(s.updates_stored));
  w.one("bgpsentry_store_bytes", "gauge", "Bytes the store takes on disk.",
        static_cast<double>(s.store_bytes));
  w.one("bgpsentry_store_write_errors_total", "counter", "Failed store writes (retried).",
        static_cast<double>(s.store_write_errors));
  w.one("bgpsentry_store_failing", "gauge",
        "1 while the store cannot write (a full disk): updates are held and retried.",
        s.store_failing ? 1.0 : 0.0);
  if (s.newest_us) {
    w.one("bgpsentry_store_oldest_update_timestamp_seconds", "gauge",
          "Data time of the oldest update kept.", static_cast<double>(*s.oldest_us) / 1e6);
    w.one("bgpsentry_store_newest_update_timestamp_seconds", "gauge",
          "Data time of the newest update stored.", static_cast<double>(*s.newest_us) / 1e6);
  }
  w.one("bgpsentry_updates_processed_total", "counter", "Updates through detection.",
        static_cast<double>(s.updates_processed));

  w.family("bgpsentry_alerts_total", "counter", "Alerts raised, by type and event notice.");
  for (const auto& a : s.alerts_by_type)
    w.sample("bgpsentry_alerts_total",
             {{"type", to_string(a.type)}, {"notice", to_string(a.notice)}},
             static_cast<double>(a.count));
  w.family("bgpsentry_events_started_total", "counter", "Events started, by type.");
  for (const auto& a : s.alerts_by_type)
    if (a.notice == EventNotice::kStarted)
      w.sample("bgpsentry_events_started_total", {{"type", to_string(a.type)}},
               static_cast<double>(a.count));
  w.one("bgpsentry_events_ongoing", "gauge", "Events not ended.",
        static_cast<double>(s.events_ongoing));
  w.one("bgpsentry_monitored_prefixes", "gauge", "Monitored prefixes.",
        static_cast<double>(s.monitored_prefixes));
  w.one("bgpsentry_monitored_asns", "gauge", "Monitored ASNs.",
        static_cast<double>(s.monitored_asns));
  w.one("bgpsentry_config_revision", "gauge", "The monitored set's config revision in effect.",
        static_cast<double>(s.config_revision));

  w.one("bgpsentry_route_table_routes", "gauge", "Routes (peer, prefix) in the route table.",
        static_cast<double>(s.route_table.routes));
  w.one("bgpsentry_route_table_prefixes", "gauge", "Prefixes in the route table.",
        static_cast<double>(s.route_table.prefixes));
  w.one("bgpsentry_route_table_peers_up", "gauge", "Peers whose session is up.",
        static_cast<double>(s.route_table.peers_up));
  w.one("bgpsentry_route_table_bytes", "gauge", "Memory the route table holds (estimate).",
        static_cast<double>(s.route_table.bytes));

  w.family("bgpsentry_detection_busy_share", "gauge",
           "Share of the detection engine's busy time spent in each stage since start.");
  for (const auto& d : s.detection.stages)
    w.sample("bgpsentry_detection_busy_share", {{"stage", d.name}}, d.busy_share);
  w.family("bgpsentry_detection_slow_updates_total", "counter",
           "Updates a stage held the detection engine on for a second or more.");
  for (const auto& d : s.detection.stages)
    w.sample("bgpsentry_detection_slow_updates_total", {{"stage", d.name}},
             static_cast<double>(d.slow_updates));
  w.one("bgpsentry_detection_stalled_seconds", "gauge",
        "How long one stage has held the detection engine on one update (0: none for 1 s).",
        static_cast<double>(s.detection.stalled_ms) / 1e3);

  if (s.irr) {
    w.one("bgpsentry_irr_objects", "gauge", "IRR route objects loaded (irr.files).",
          static_cast<double>(s.irr->loaded.objects));
    w.one("bgpsentry_irr_malformed_objects", "gauge",
          "IRR objects refused as malformed in the dumps in force.",
          static_cast<double>(s.irr->loaded.malformed));
    w.one("bgpsentry_irr_loaded_timestamp_seconds", "gauge",
          "When the IRR dumps in force were loaded (Unix time).",
          static_cast<double>(s.irr->loaded.loaded_at_us) / 1e6);
  }
  w.one("bgpsentry_alert_streams", "gauge", "WatchAlerts streams open (subscribers).",
        static_cast<double>(s.alert_streams));
  w.one("bgpsentry_alert_streams_cut_total", "counter",
        "WatchAlerts streams cut because their client took nothing for too long.",
        static_cast<double>(s.alert_streams_cut));
  w.family("bgpsentry_sink_delivered_alert_id", "gauge",
           "Every alert up to this id was delivered to the sink or passed over.");
  for (const auto& k : s.sinks)
    w.sample("bgpsentry_sink_delivered_alert_id", {{"sink", k.name}},
             static_cast<double>(k.delivered_id));
  w.family("bgpsentry_sink_failures_total", "counter", "Failed deliveries (retried).");
  for (const auto& k : s.sinks)
    w.sample("bgpsentry_sink_failures_total", {{"sink", k.name}}, static_cast<double>(k.failures));
  w.family("bgpsentry_sink_silenced_total", "counter", "Alerts a silence kept from the sink.");
  for (const auto& k : s.sinks)
    w.sample("bgpsentry_sink_silenced_total", {{"sink", k.name}}, static_cast<double>(k.silenced));
  w.family("bgpsentry_sink_state", "gauge",
           "1 for the state the sink is in (OK, RETRYING, GAVE_UP), 0 for the others.");
  for (const auto& k : s.sinks)
    for (SinkState state : {SinkState::kOk, SinkState::kRetrying, SinkState::kGaveUp})
      w.sample("bgpsentry_sink_state", {{"sink", k.name}, {"state", to_string(state)}},
               k.health.state == state ? 1 : 0);
  w.family("bgpsentry_sink_backlog_alerts", "gauge",
           "Alerts stored after the sink's delivered-to id (some may be for other sinks).");
  for (const auto& k : s.sinks)
    w.sample("bgpsentry_sink_backlog_alerts", {{"sink", k.name}}, static_cast<double>(k.backlog));
  w.family("bgpsentry_sink_gave_up_alerts_total", "counter",
           "Alerts given up on the sink after it failed for give_up_after.");
  for (const auto& k : s.sinks)
    w.sample("bgpsentry_sink_gave_up_alerts_total", {{"sink", k.name}},
             static_cast<double>(k.health.gave_up));
  w.family("bgpsentry_sink_failing_since_seconds", "gauge",
           "Unix time of the first failure of the sink's current run of failures; 0 when OK.");
  for (const auto& k : s.sinks)
    w.sample("bgpsentry_sink_failing_since_seconds", {{"sink", k.name}},
             static_cast<double>(k.health.failing_since_us) / 1e6);
  w.one("bgpsentry_last_alert_id", "gauge", "The newest stored alert's id.",
        static_cast<double>(s.last_alert_id));
  return w.take();
}

}  // namespace bgpsentry
