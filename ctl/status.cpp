// bgpctl status
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "agent/wire/proto_convert.h"
#include "bgpsentry/v1/admin.grpc.pb.h"
#include "ctl/commands.h"
#include "ctl/output.h"

namespace bgpctl {
namespace {

// "0.4s", "12s", "3m10s", "5h2m", "6624d": how far behind a source is, at a glance.
std::string duration_text(double seconds) {
  char text[32];
  const auto s = static_cast<long long>(seconds);
  if (seconds < 10)
    std::snprintf(text, sizeof text, "%.1fs", seconds);
  else if (s < 60)
    std::snprintf(text, sizeof text, "%llds", s);
  else if (s < 3600)
    std::snprintf(text, sizeof text, "%lldm%llds", s / 60, s % 60);
  else if (s < 86400)
    std::snprintf(text, sizeof text, "%lldh%lldm", s / 3600, s % 3600 / 60);
  else
    std::snprintf(text, sizeof text, "%lldd", s / 86400);
  return text;
}

void print_table(const bgpsentry::v1::GetStatusResponse& status) {
  std::printf("bgpsentryd %s, up %llus since %s\n", status.version().c_str(),
              static_cast<unsigned long long>(status.uptime_seconds()),
              format_time(status.started()).c_str());
  std::printf("monitoring %llu prefixes, %llu ASNs\n\n",
              static_cast<unsigned long long>(status.monitored_prefixes()),
              static_cast<unsigned long long>(status.monitored_asns()));
  Table sources({"SOURCE", "TYPE", "STATE", "RECORDS", "UPDATES", "UPDATES/S", "ERRORS", "WARNINGS",
                 "SKIPPED", "DROPPED", "RECONNECTS", "LAST UPDATE", "LAG"});
  for (const auto& s : status.sources())
    sources.add({s.name(), s.type(), bgpsentry::v1::SourceState_Name(s.state()),
                 std::to_string(s.records()), std::to_string(s.updates()),
                 std::to_string(static_cast<uint64_t>(s.updates_per_second() + 0.5)),
                 std::to_string(s.parse_errors()), std::to_string(s.warnings()),
                 std::to_string(s.skipped_records()), std::to_string(s.dropped()),
                 std::to_string(s.reconnects()),
                 s.has_last_update_time() ? format_time(s.last_update_time()) : "-",
                 s.has_lag_seconds() ? duration_text(s.lag_seconds()) : "-"});
  sources.print();
  // Polled sources' endpoints (Radar): where each is, and what went wrong.
  Table endpoints(
      {"SOURCE", "ENDPOINT", "LAST POLL", "NEXT POLL", "LAST ID", "ERRORS", "LAST ERROR"});
  size_t endpoint_count = 0;
  for (const auto& s : status.sources())
    for (const auto& e : s.endpoints()) {
      ++endpoint_count;
      endpoints.add({s.name(), e.name(), e.has_last_poll() ? format_time(e.last_poll()) : "-",
                     e.has_next_poll() ? format_time(e.next_poll()) : "-",
                     std::to_string(e.last_id()), std::to_string(e.errors()),
                     e.last_error().empty() ? "-" : e.last_error()});
    }
  if (endpoint_count) {
    std::printf("\n");
    endpoints.print();
  }
  // Outages of live feeds, and how their back-fill from MRT archives went.
  Table gaps({"SOURCE", "GAP FROM", "TO", "LENGTH", "BACKFILL", "BACKFILLED"});
  size_t gap_count = 0;
  for (const auto& s : status.sources())
    for (const auto& g : s.gaps()) {
      ++gap_count;
      const auto length_us =
          bgpsentry::wire::from_timestamp(g.to()) - bgpsentry::wire::from_timestamp(g.from());
      gaps.add(
          {s.name(), format_time(g.from()), g.has_to() ? format_time(g.to()) : "(open)",
           g.has_to() && length_us >= 0 ? duration_text(static_cast<double>(length_us) / 1e6) : "-",
           g.backfill().empty() ? "-" : g.backfill(), std::to_string(g.backfilled_updates())});
    }
  if (gap_count) {
    std::printf("\n");
    gaps.print();
  }
  std::printf("\n");
  Table queues({"QUEUE", "DEPTH", "CAPACITY", "SHED"});
  for (const auto& q : status.queues())
    queues.add({q.name(), std::to_string(q.depth()), std::to_string(q.capacity()),
                std::to_string(q.shed())});
  queues.print();
  std::printf("\nstore: %llu updates, %.1f MB in %s\n",
              static_cast<unsigned long long>(status.store().updates_stored()),
              static_cast<double>(status.store().bytes()) / 1e6, status.store().data_dir().c_str());
  if (status.store().state() == "FAILING")
    std::printf("store: FAILING since %s (%s): %s\n",
                format_time(status.store().failing_since()).c_str(),
                status.store().failing_write().c_str(), status.store().error().c_str());
  if (status.store().has_newest())
    std::printf("history: %s to %s\n", format_time(status.store().oldest()).c_str(),
                format_time(status.store().newest()).c_str());
  std::printf("engine: %llu updates processed; alerts: %llu (last id %llu)\n",
              static_cast<unsigned long long>(status.updates_processed()),
              static_cast<unsigned long long>(status.alerts_total()),
              static_cast<unsigned long long>(status.last_alert_id()));
  std::printf("events: %llu ongoing (last id %llu); alert streams: %llu open, %llu cut\n",
              static_cast<unsigned long long>(status.events_ongoing()),
              static_cast<unsigned long long>(status.last_event_id()),
              static_cast<unsigned long long>(status.alert_streams()),
              static_cast<unsigned long long>(status.alert_streams_cut()));
  if (status.has_irr()) {
    const auto& irr = status.irr();
    std::printf("irr: %llu route objects from %d files, %.1f MB, loaded %s in %.2f s",
                static_cast<unsigned long long>(irr.objects()), irr.files_size(),
                static_cast<double>(irr.memory_bytes()) / 1e6, format_time(irr.loaded()).c_str(),
                irr.load_seconds());
    if (irr.malformed())
      std::printf("; %llu malformed", static_cast<unsigned long long>(irr.malformed()));
    std::printf("\n");
    for (const auto& p : irr.problems()) std::printf("irr: %s\n", p.c_str());
    for (const auto& d : irr.disagreements()) std::printf("irr: disagrees: %s\n", d.c_str());
    if (!irr.last_error().empty())
      std::printf("irr: last reload failed (the dumps before stay): %s\n",
                  irr.last_error().c_str());
  }
  if (status.sinks_size() > 0) {
    std::printf("\n");
    Table sinks({"SINK", "STATE", "DELIVERED TO ID", "BACKLOG", "FAILURES", "GAVE UP", "SILENCED"});
    for (const auto& k : status.sinks())
      sinks.add({k.name(), bgpsentry::v1::SinkState_Name(k.state()),
                 std::to_string(k.delivered_id()), std::to_string(k.backlog()),
                 std::to_string(k.failures()), std::to_string(k.gave_up()),
                 std::to_string(k.silenced())});
    sinks.print();
    for (const auto& k : status.sinks())
      if (!k.last_error().empty())
        std::printf("sink %s: %s%s\n", k.name().c_str(), k.last_error().c_str(),
                    k.has_failing_since()
                        ? (" (failing since " + format_time(k.failing_since()) + ")").c_str()
                        : "");
  }
  const auto& detection = status.detection();
  if (!detection.stalled_stage().empty())
    std::printf("detection: STALLED: %s has held the engine on one update for %s\n",
                detection.stalled_stage().c_str(),
                duration_text(static_cast<double>(detection.stalled_ms()) / 1e3).c_str());
  for (const auto& stage : detection.stages())
    if (stage.slow_updates())
      std::printf("detection: %s held the engine 1s or more on %llu updates (longest %s)\n",
                  stage.name().c_str(), static_cast<unsigned long long>(stage.slow_updates()),
                  duration_text(static_cast<double>(stage.longest_ms()) / 1e3).c_str());
  const auto& table = status.route_table();
  std::printf("route table: %llu routes to %llu prefixes, %llu AS paths, %llu peers up, %.1f MB\n",
              static_cast<unsigned long long>(table.routes()),
              static_cast<unsigned long long>(table.prefixes()),
              static_cast<unsigned long long>(table.paths()),
              static_cast<unsigned long long>(table.peers_up()),
              static_cast<double>(table.bytes()) / 1e6);
}

// With `every_s`, again and again over one connection: a script that waits for a replay to
// finish polls without starting a process each time (~45 ms of CPU per bgpctl run, which on
// a 2-core appliance slowed the replay it was waiting for by 10-30%).
int run_status(const Options& options, double every_s) {
  Client client(options);
  if (auto rc = client.unusable()) return *rc;
  auto stub = bgpsentry::v1::AdminService::NewStub(client.channel());
  for (;;) {
    grpc::ClientContext context;
    client.prepare(context);
    bgpsentry::v1::GetStatusResponse status;
    if (auto st = stub->GetStatus(&context, {}, &status); !st.ok())
      return client.report(st, "status");
    if (options.structured())
      print_record(status);
    else
      print_table(status);
    if (every_s <= 0) return kExitOk;
    if (!options.structured()) std::printf("\n");
    if (std::fflush(stdout) != 0) return kExitOk;  // the reader went away
    std::this_thread::sleep_for(std::chrono::duration<double>(every_s));
  }
}

}  // namespace

void add_status_commands(CLI::App& app, const Options& options, int& exit_code) {
  auto* status =
      app.add_subcommand("status", "show the agent's sources, queues, store and alert counts");
  auto every = std::make_shared<double>(0);
  status
      ->add_option("--every", *every,
                   "print the status again every SECONDS, over one connection, until "
                   "interrupted (-o json: one object per line)")
      ->check(CLI::Range(0.05, 86400.0));
  status->callback([&, every] { exit_code = run_status(options, *every); });
}

}  // namespace bgpctl
