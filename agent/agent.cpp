#include "agent/agent.h"

#include "agent/core/wall_clock.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <future>
#include <set>

#include "agent/alert/sinks/sink_types.h"
#include "agent/api/metrics_text.h"
#include "agent/config/monitored_index.h"
#include "agent/detect/hijack_detector.h"
#include "agent/detect/leak_detector.h"
#include "agent/detect/neighbor_detector.h"
#include "agent/detect/newprefix_detector.h"
#include "agent/detect/path_detector.h"
#include "agent/detect/route_table_restore.h"
#include "agent/detect/rpki_detector.h"
#include "agent/detect/squat_detector.h"
#include "agent/detect/unexpected_prefix_detector.h"
#include "agent/detect/visibility_detector.h"
#include "agent/events/event_scoring.h"
#include "agent/events/irr_consistency.h"
#include "agent/rpki/slurm.h"
#include "agent/rpki/vrp_file.h"
#include "agent/sources/rtr_source_status.h"
#include "agent/sources/source_types.h"

namespace bgpsentry {

ConfigModules agent_config_modules(std::shared_ptr<const AsRelationships>* relationships) {
  DatasetChecks checks{{"rpki.vrpFile", check_by_loading(load_vrp_file)},
                       {"rpki.slurmFile", check_by_loading(load_slurm_file)},
                       {"as_relationships_file", check_by_loading(AsRelationships::load)}};
  if (relationships)
    checks["as_relationships_file"] = [relationships](const std::string& path) -> Status {
      auto loaded = AsRelationships::load(path);
      if (!loaded) return Error{loaded.error()};
      *relationships = std::make_shared<const AsRelationships>(std::move(*loaded));
      return ok_status();
    };
  return {std::move(checks), source_section_readers(), sink_section_readers()};
}

Agent::Agent(AgentConfig config, std::string version,
             std::shared_ptr<const AsRelationships> relationships)
    : config_(std::move(config)),
      relationships_(std::move(relationships)),
      version_(std::move(version)) {}

Agent::~Agent() {
  stop();
}

Status Agent::start() {
  started_us_ = wall_clock_us();
  rates_ = std::make_unique<SourceRates>(started_us_);
  auto db = Database::open(config_.data_dir);
  if (!db) return Error{db.error()};
  db_ = std::move(*db);
  meta_ = std::make_unique<MetaStore>(*db_);
  judged_ = std::make_unique<JudgedCursors>(*db_);
  history_ = std::make_unique<HistoryStore>(*db_);
  alerts_ = std::make_unique<AlertStore>(*db_);
  events_ = std::make_unique<EventStore>(*db_);
  revisions_ = std::make_unique<RevisionStore>(*db_);
  audit_ = std::make_unique<AuditStore>(*db_);
  silences_ = std::make_unique<Silences>(*db_);
  prefixes_ = std::make_unique<PrefixesManager>(
      config_.prefixes_file, config_.prefixes, config_.prefixes_text, *revisions_,
      [this](const std::shared_ptr<const PrefixesConfig>& p) { return apply_prefixes(p); });
  if (auto st = prefixes_->start(); !st) return st;
  spdlog::info("store {} opened: {} updates, {} alerts, {} events", config_.data_dir,
               history_->count(), alerts_->last_id(), events_->last_id());

  if (!config_.history.scope_all) {
    // Its own index: the writer thread asks it, and an index is for one thread.
    history_scope_ = std::make_shared<MonitoredScope>(prefixes_->current());
    history_->set_scope([scope = history_scope_](const Update& u) { return scope->covers(u); });
  }
  writer_ = std::make_unique<StoreWriter>(store_queue_, *history_, store_health_);
  writer_->start();
  retention_ = std::make_unique<Retention>(
      *db_, *history_, RetentionPolicy{config_.history.retention_days, config_.history.max_bytes});
  retention_->start(std::chrono::seconds(config_.history.retention_check_seconds));

  alert_labels_.set(*prefixes_->current());
  SinkContext sink_context;
  sink_context.state = meta_.get();
  sink_context.facts = [events = events_.get(), labels = &alert_labels_](const Alert& alert) {
    AlertFacts facts;
    if (alert.event_id) facts.event = events->get(alert.event_id);
    facts.prefix_description = labels->description(alert);
    return facts;
  };
  std::vector<SinkRunner*> sink_ptrs;
  for (const auto& s : config_.sinks) {
    sinks_.push_back(std::make_unique<SinkRunner>(
        sink_types().at(s.type).build(s, sink_context), *alerts_, *meta_,
        SinkFilter{s.min_confidence, s.types, s.groups, &alert_labels_}, silences_.get()));
    sinks_.back()->set_storm(s.storm);
    sinks_.back()->set_give_up(s.give_up_after, [this](const SinkGaveUp& g) {
      router_->emit(sink_gave_up_alert(g, wall_clock_us()));
    });
    sink_ptrs.push_back(sinks_.back().get());
  }
  router_ = std::make_unique<AlertRouter>(*alerts_, hub_, sink_ptrs, &store_health_);
  // Started once the router is there: a sink may give up (and announce it) at once.
  for (auto& sink : sinks_) sink->start();

  // One index for the engine thread: each update's longest match is found once for all.
  auto prefixes = std::make_shared<const MonitoredIndex>(prefixes_->current());
  route_table_ = std::make_unique<RouteTable>(prefixes);
  // The routes held before the restart, before any source runs.
  auto restored = restore_route_table(*route_table_, *history_, *prefixes, judged_->judged_times());
  if (!restored) return Error{"route table not rebuilt from the store: " + restored.error()};
  const auto table = route_table_->stats();
  spdlog::info(
      "route table rebuilt from the store in {:.3f} s: {} routes to {} prefixes, {} "
      "peers up",
      restored->seconds, table.routes, table.prefixes, table.peers_up);
  std::vector<std::unique_ptr<Detector>> detectors;
  detectors.push_back(std::make_unique<HijackDetector>(prefixes));
  detectors.push_back(std::make_unique<NewPrefixDetector>(prefixes));
  detectors.push_back(std::make_unique<VisibilityDetector>(prefixes, *route_table_));
  detectors.push_back(std::make_unique<PathDetector>(prefixes));
  detectors.push_back(std::make_unique<UnexpectedPrefixDetector>(prefixes));
  detectors.push_back(std::make_unique<SquatDetector>(prefixes));
  detectors.push_back(std::make_unique<NeighborDetector>(prefixes));
  if (relationships_) detectors.push_back(std::make_unique<LeakDetector>(prefixes, relationships_));
  if (config_.rpki.enabled()) {
    RpkiOptions rpki{config_.rpki.vrp_file, config_.rpki.slurm_file, std::nullopt};
    if (!config_.rpki.rtr_host.empty())
      rpki.rtr = RtrOptions{config_.rpki.rtr_host, config_.rpki.rtr_port};
    rpki_ = std::make_unique<RpkiValidator>(std::move(rpki));
    if (auto st = rpki_->load(); !st) return st;
    rpki_->start(std::chrono::seconds(5));
    if (!config_.rpki.rtr_host.empty() && !rpki_->wait_for_rtr(std::chrono::seconds(10)))
      spdlog::warn(
          "rpki: no VRPs from the RTR cache {}:{} yet; validating with what there is "
          "until it answers",
          config_.rpki.rtr_host, config_.rpki.rtr_port);
    detectors.push_back(std::make_unique<RpkiDetector>(
        prefixes, *rpki_,
        RpkiCheckOptions{config_.rpki.check_uncovered, config_.rpki.stale_after_minutes}));
  }
  if (config_.irr.enabled()) {
    irr_ = std::make_unique<IrrFiles>(config_.irr.files);
    if (auto st = irr_->load(); !st) return Error{"irr.files: " + st.error()};
    irr_consistency_ = std::make_unique<IrrConsistency>(*meta_, *router_);
    irr_consistency_->check(*irr_->current(), *prefixes_->current(), wall_clock_us());
    irr_->start(std::chrono::seconds(config_.irr.reload_check_seconds),
                [this](const std::shared_ptr<const IrrDatabase>& db) {
                  irr_consistency_->check(*db, *prefixes_->current(), wall_clock_us());
                });
  }
  RpkiValidator* rpki = rpki_.get();
  EventScorer scorer([rpki] { return rpki ? rpki->vrps() : nullptr; }, relationships_,
                     EventScorer::history_of(*history_), irr_lookup());
  event_book_ = std::make_unique<EventBook>(route_table_->peers(), events_.get(), *router_,
                                            config_.monitors, std::move(scorer));
  event_book_->set_store_health(&store_health_);
  // Events ongoing before a restart go on (their carriers were stored with them).
  if (auto st = event_book_->restore(); !st) return st;
  feed_events_ = std::make_unique<FeedEvents>(events_.get(), *router_, &store_health_);
  store_health_.add_listener([this](const StoreFailure& spell, bool recovered) {
    store_health_changed(spell, recovered);
  });
  std::set<std::string> live_sources;
  for (const auto& s : config_.sources)
    if (source_types().at(s.type).live) live_sources.insert(s.name);
  if (auto st = feed_events_->restore(live_sources, wall_clock_us()); !st) return st;
  pipeline_ =
      std::make_unique<DetectionPipeline>(*route_table_, std::move(detectors), *event_book_);
  engine_ = std::make_unique<Engine>(
      engine_queue_, *pipeline_,
      [judged = judged_.get()](const UpdateBatch& batch) { judged->judged(batch); });
  engine_->start();

  const SourceContext context{UpdateSinkQueues(store_queue_, engine_queue_),
                              *meta_,
                              judged_.get(),
                              *history_,
                              feed_events_.get(),
                              prefixes_->current(),
                              meta_.get(),
                              this};
  for (const auto& s : config_.sources) {
    BuiltSource built = source_types().at(s.type).build(s, context);
    sources_.push_back(std::move(built.source));
    if (built.prefixes_changed) prefixes_listeners_.push_back(std::move(built.prefixes_changed));
  }
  for (auto& s : sources_) s->start();

  api_ = std::make_unique<ApiServer>(
      config_.api, ApiBackends{[this] { return status(); }, *history_, *alerts_, *events_, hub_,
                               *silences_, sink_ptrs, *audit_, *prefixes_, *revisions_,
                               config_.file, [this](const std::string& who) { return reload(who); },
                               [](const std::string& path) {
                                 return load_agent_config(path, agent_config_modules());
                               },
                               irr_lookup()});
  if (auto st = api_->start(); !st) return st;
  if (!config_.metrics_listen.empty()) {
    metrics_ = std::make_unique<MetricsServer>(
        config_.metrics_listen, [this] { return render_metrics(status(), wall_clock_us()); });
    if (auto st = metrics_->start(); !st) return st;
  }
  spdlog::info("bgpsentryd {} ready: {} monitored prefixes, {} sources, {} sinks", version_,
               prefixes_->current()->prefixes.size(), sources_.size(), sinks_.size());
  return ok_status();
}

void Agent::report(ExternalReport report) {
  const auto prefixes = prefixes_->current();
  Prefix monitored;
  if (report.prefixes.empty()) {
    // A leak names no prefix: the monitored prefixes of the ASes on its path segment.
    for (const auto& p : prefixes->prefixes) {
      if (p.ignore || report.prefixes.size() >= 100) continue;
      for (uint32_t asn : report.leak_segment)
        if (p.origin_allowed(asn) && !p.asns.empty()) {
          report.prefixes.push_back(p.prefix);
          break;
        }
    }
    if (report.prefixes.empty()) {
      spdlog::info("source {}: {} {} concerns no monitored prefix; not an event", report.source,
                   report.kind, report.id);
      return;
    }
  } else {
    for (const auto& p : prefixes->prefixes)
      if (p.prefix.contains(report.prefixes.front()) &&
          (monitored.length() < p.prefix.length() || monitored == Prefix()))
        monitored = p.prefix;
  }
  EventBook* book = event_book_.get();
  const std::string source = report.source;
  if (!engine_->post([book, report = std::move(report), monitored]() mutable {
        book->report(std::move(report), monitored);
      }))
    spdlog::warn("source {}: the engine has stopped; report not merged", source);
}

std::function<std::shared_ptr<const IrrDatabase>()> Agent::irr_lookup() const {
  if (!irr_) return {};
  return [irr = irr_.get()] { return irr->current(); };
}

void Agent::store_health_changed(const StoreFailure& spell, bool recovered) {
  if (recovered) {
    // Now it can be stored: the spell as a FEED event, started and ended.
    const std::string detail =
        std::to_string(spell.failures) + " failed attempts (" + spell.what + "): " + spell.error;
    feed_events_->feed_problem_started("store", FeedProblem::kStoreWrites, spell.since_us, detail);
    feed_events_->feed_problem_ended("store", FeedProblem::kStoreWrites, spell.until_us,
                                     "writes work again");
    return;
  }
  // Not storable: handed to each sink directly, outside the stored sequence (id 0), as a
  // test alert is. Sinks on another filesystem, or off the host, take it.
  Alert alert;
  alert.type = AlertType::kFeed;
  alert.notice = EventNotice::kStarted;
  alert.source = "store";
  alert.subject = feed_event_subject("store", FeedProblem::kStoreWrites);
  alert.first_seen_us = alert.last_seen_us = spell.since_us;
  alert.confidence = 10;
  alert.description = "the store in " + config_.data_dir + " cannot write (" + spell.what +
                      "): " + spell.error +
                      "; updates are held and retried (file sources wait, live feeds shed), "
                      "alerts wait to be stored";
  for (auto& sink : sinks_)
    if (auto st = sink->send_now(alert); !st)
      spdlog::warn("sink {}: the store's failure not delivered: {}", sink->name(), st.error());
}

ReloadOutcome Agent::reload(const std::string& who) {
  // logrotate's convention: after SIGHUP, files are opened again by name.
  for (auto& sink : sinks_) sink->reopen();
  return reload_config(config_, *prefixes_, who, agent_config_modules());
}

Status Agent::apply_prefixes(const std::shared_ptr<const PrefixesConfig>& prefixes) {
  if (history_scope_) history_scope_->set(prefixes);
  alert_labels_.set(*prefixes);
  if (irr_consistency_) irr_consistency_->check(*irr_->current(), *prefixes, wall_clock_us());
  // The engine swaps its index between two batches and judges its routes again; waiting
  // for it means that once a change is reported, updates are judged by it.
  auto index = std::make_shared<const MonitoredIndex>(prefixes);
  auto applied = std::make_shared<std::promise<void>>();
  auto done = applied->get_future();
  DetectionPipeline* pipeline = pipeline_.get();
  if (!engine_->post([pipeline, index, applied] {
        pipeline->reconfigure(index);
        applied->set_value();
      }))
    return Error{"the engine has stopped"};
  for (const auto& listener : prefixes_listeners_) listener(prefixes);
  done.wait();
  return ok_status();
}

void Agent::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (metrics_) metrics_->stop();
  if (api_) api_->stop();
  // Sources stop producing, then the queues close, which releases a source blocked on a
  // full one (a store that cannot write), then sources are joined. What a source had not
  // handed on is re-read from its stored cursor at the next start.
  for (auto& s : sources_) s->request_stop();
  store_queue_.close();
  engine_queue_.close();
  // A store that fails now (a full disk) is retried a little longer, then given up: what
  // was not stored was never acknowledged, and the agent exits rather than wait for space.
  store_health_.stop();
  for (auto& s : sources_) s->stop();
  if (engine_) engine_->join();
  if (rpki_) rpki_->stop();
  if (irr_) irr_->stop();
  if (writer_) writer_->join();
  // After everything that reports feed problems (sources, the store's writers), before the
  // sinks its notices go to.
  if (feed_events_) feed_events_->stop();
  if (retention_) retention_->stop();
  for (auto& s : sinks_) s->stop();
  spdlog::info("bgpsentryd stopped");
}

AgentStatus Agent::status() const {
  AgentStatus s;
  s.version = version_;
  s.started_us = started_us_;
  const int64_t now_us = wall_clock_us();
  for (const auto& src : sources_) {
    s.sources.push_back(src->status());
    auto& last = s.sources.back();
    last.updates_per_second = rates_->rate(last.name, last.updates, now_us);
  }
  if (irr_) {
    s.irr = irr_->status();
    s.irr->disagreements = irr_consistency_->disagreements();
  }
  if (auto rtr = rpki_ ? rpki_->rtr_status() : std::nullopt)
    s.sources.push_back(rtr_source_status(*rtr, config_.rpki));
  s.queues.push_back(
      {"store", store_queue_.depth(), store_queue_.capacity(), store_queue_.refused()});
  s.queues.push_back(
      {"engine", engine_queue_.depth(), engine_queue_.capacity(), engine_queue_.refused()});
  s.data_dir = config_.data_dir;
  s.updates_stored = history_->count();
  s.store_bytes = db_->store_bytes();
  if (auto span = history_->time_span()) {
    s.oldest_us = span->oldest_us;
    s.newest_us = span->newest_us;
  }
  s.store_write_errors = store_health_.failed_writes();
  s.store_failing = store_health_.failing();
  s.updates_processed = engine_->updates_processed();
  s.alerts_total = router_->emitted();
  s.last_alert_id = alerts_->last_id();
  const auto prefixes = prefixes_->current();
  s.monitored_prefixes = prefixes->prefixes.size();
  s.monitored_asns = prefixes->asns.size();
  s.config_revision = prefixes_->revision();
  s.events_ongoing = event_book_->ongoing() + feed_events_->ongoing();
  s.last_event_id = events_->last_id();
  s.route_table = route_table_->stats();
  s.detection = engine_->load();
  const uint64_t last_alert = alerts_->last_id();
  for (const auto& sink : sinks_) {
    const uint64_t delivered = sink->delivered_id();
    s.sinks.push_back({sink->name(), delivered, sink->failures(), sink->silenced(), sink->health(),
                       last_alert > delivered ? last_alert - delivered : 0});
  }
  for (uint8_t t = 1; t <= static_cast<uint8_t>(AlertType::kFeed); ++t)
    for (uint8_t n = 0; n <= static_cast<uint8_t>(EventNotice::kEnded); ++n) {
      const auto type = static_cast<AlertType>(t);
      const auto notice = static_cast<EventNotice>(n);
      if (uint64_t count = router_->emitted(type, notice))
        s.alerts_by_type.push_back({type, notice, count});
    }
  if (api_) {
    s.alert_streams = api_->streams().open();
    s.alert_streams_cut = api_->streams().cut();
  }
  return s;
}

}  // namespace bgpsentry
