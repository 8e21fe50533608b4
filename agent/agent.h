// The composition root: builds every module and queue from the config, starts them
// (storage → engine → sources → api) and stops them in reverse.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agent/alert/alert_hub.h"
#include "agent/alert/alert_labels.h"
#include "agent/alert/alert_router.h"
#include "agent/alert/silences.h"
#include "agent/alert/sink_runner.h"
#include "agent/api/api_server.h"
#include "agent/api/metrics_server.h"
#include "agent/api/source_rates.h"
#include "agent/asrel/as_relationships.h"
#include "agent/config/agent_config.h"
#include "agent/config/config_reload.h"
#include "agent/config/monitored_scope.h"
#include "agent/config/prefixes_manager.h"
#include "agent/detect/engine.h"
#include "agent/events/feed_events.h"
#include "agent/events/irr_consistency.h"
#include "agent/ingest/report_observer.h"
#include "agent/ingest/source.h"
#include "agent/irr/irr_files.h"
#include "agent/rpki/rpki_validator.h"
#include "storage/alert_store.h"
#include "storage/audit_store.h"
#include "storage/database.h"
#include "storage/event_store.h"
#include "storage/history_store.h"
#include "storage/judged_cursors.h"
#include "storage/meta_store.h"
#include "storage/retention.h"
#include "storage/revision_store.h"
#include "storage/store_health.h"
#include "storage/store_writer.h"

namespace bgpsentry {

// What the daemon, --check-config, a reload and ValidateConfig load a config with: the data
// files it names checked by the modules that read them (rpki/, asrel/), and each source and
// sink section by its type. With `relationships`, the relationships file its check reads is
// kept there for the Agent, which then need not read it again.
ConfigModules agent_config_modules(std::shared_ptr<const AsRelationships>* relationships = nullptr);

class Agent : public ReportObserver {
 public:
  // `relationships`: config.as_relationships_file as read when the config was checked (null
  // when it names none).
  Agent(AgentConfig config, std::string version,
        std::shared_ptr<const AsRelationships> relationships);
  ~Agent();
  Status start();
  // api stops accepting → sources stop → queues close → engine drains → store flushes.
  void stop();
  // Reads the config again (SIGHUP, ConfigService.ReloadConfig); `who` for the record.
  ReloadOutcome reload(const std::string& who);

 private:
  // Another monitor's event (a Radar source's thread): merged with the engine's own, on the
  // engine thread, after the updates queued before it.
  void report(ExternalReport report) override;
  // The IRR database in force, for scoring and CheckIrr; empty without irr.files.
  std::function<std::shared_ptr<const IrrDatabase>()> irr_lookup() const;
  AgentStatus status() const;
  // The store starts failing (a full disk), or works again: a FEED notice straight to every
  // sink that can take it (it cannot be stored), then, once it works, a stored FEED event.
  void store_health_changed(const StoreFailure& spell, bool recovered);
  // Puts a changed set of monitored prefixes and ASNs into effect: the store's scope, the
  // engine (in stream order; returns once it is applied) and the live feeds' subscriptions.
  Status apply_prefixes(const std::shared_ptr<const PrefixesConfig>& prefixes);

  AgentConfig config_;
  std::shared_ptr<const AsRelationships> relationships_;  // as_relationships_file; may be null
  std::string version_;
  int64_t started_us_ = 0;
  mutable std::unique_ptr<SourceRates> rates_;  // status' updates/s per source
  std::unique_ptr<Database> db_;
  std::unique_ptr<MetaStore> meta_;
  std::unique_ptr<JudgedCursors> judged_;  // where the engine is in each source
  std::unique_ptr<HistoryStore> history_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<RevisionStore> revisions_;
  std::unique_ptr<AuditStore> audit_;
  std::unique_ptr<Silences> silences_;  // consulted by the sinks, changed through the API
  std::unique_ptr<PrefixesManager> prefixes_;
  std::shared_ptr<MonitoredScope> history_scope_;  // history.scope: monitored only
  AlertHub hub_;
  // File replays block on these when the consumers are behind (backpressure); a live feed
  // sheds what does not fit. In updates. A live feed may fill the store's to 4x the engine's:
  // the store takes up to 32k updates per write and a write can take 100 ms on two busy
  // cores, while a RIS Live flood brings 650k updates/s. With 64k or 128k it shed 1-10% of a
  // flood's history that it then had the time to store; with 256k (~40 MiB when full) it
  // sheds in a few runs of that flood: none of 23 in one session (4 of 8 with the VM at its
  // slowest, 0.5-5%), 4 of 35 in the next (0.3-8.5%). File replays wait at 64k: more would
  // only hold memory.
  BatchQueue store_queue_{256 * 1024, 64 * 1024};
  BatchQueue engine_queue_{64 * 1024};
  StoreHealth store_health_;  // how the store's writes go; retried writes give up at stop
  std::unique_ptr<StoreWriter> writer_;
  std::unique_ptr<Retention> retention_;
  AlertLabels alert_labels_;  // which sinks' groups an alert goes to; follows the prefixes
  std::vector<std::unique_ptr<SinkRunner>> sinks_;
  std::unique_ptr<AlertRouter> router_;
  std::unique_ptr<EventStore> events_;
  std::unique_ptr<FeedEvents> feed_events_;  // live sources' outages and shedding
  std::unique_ptr<RpkiValidator> rpki_;      // before engine_: detectors hold a reference to it
  std::unique_ptr<IrrFiles> irr_;            // irr.files; null when none are configured
  std::unique_ptr<IrrConsistency> irr_consistency_;  // with irr_: monitored origins vs IRR
  // Engine-thread state, owned here, used by the engine only once it runs.
  std::unique_ptr<RouteTable> route_table_;
  std::unique_ptr<EventBook> event_book_;
  std::unique_ptr<DetectionPipeline> pipeline_;
  std::unique_ptr<Engine> engine_;
  std::vector<std::unique_ptr<Source>> sources_;
  // Sources told when the monitored set changes (live feeds resubscribe).
  std::vector<std::function<void(const std::shared_ptr<const PrefixesConfig>&)>>
      prefixes_listeners_;
  std::unique_ptr<ApiServer> api_;
  std::unique_ptr<MetricsServer> metrics_;  // metrics.listen: Prometheus' scrapes
  bool stopped_ = false;
};

}  // namespace bgpsentry
