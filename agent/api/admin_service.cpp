#include "agent/api/admin_service.h"

#include "agent/core/wall_clock.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "agent/api/request_arguments.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry {
namespace {

v1::SourceState to_proto(SourceState s) {
  switch (s) {
    case SourceState::kStarting:
      return v1::STARTING;
    case SourceState::kRunning:
      return v1::RUNNING;
    case SourceState::kFinished:
      return v1::FINISHED;
    case SourceState::kFailed:
      return v1::FAILED;
    case SourceState::kStopped:
      return v1::STOPPED;
    case SourceState::kConnecting:
      return v1::CONNECTING;
    case SourceState::kConnected:
      return v1::CONNECTED;
    case SourceState::kStale:
      return v1::STALE;
    case SourceState::kReconnecting:
      return v1::RECONNECTING;
    case SourceState::kDegraded:
      return v1::DEGRADED;
  }
  return v1::SOURCE_STATE_UNSPECIFIED;
}

}  // namespace

grpc::Status AdminServiceImpl::GetStatus(grpc::ServerContext* context, const v1::GetStatusRequest*,
                                         v1::GetStatusResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  const AgentStatus s = status_();
  const int64_t now_us = wall_clock_us();
  response->set_version(s.version);
  *response->mutable_started() = wire::to_timestamp(s.started_us);
  response->set_uptime_seconds(static_cast<uint64_t>((now_us - s.started_us) / 1000000));
  for (const auto& src : s.sources) {
    auto* out = response->add_sources();
    out->set_name(src.name);
    out->set_type(src.type);
    out->set_state(to_proto(src.state));
    out->set_records(src.records);
    out->set_updates(src.updates);
    out->set_parse_errors(src.parse_errors);
    out->set_skipped_records(src.skipped);
    out->set_warnings(src.warnings);
    out->set_dropped(src.dropped);
    out->set_reconnects(src.reconnects);
    for (const auto& g : src.gaps) {
      auto* gap = out->add_gaps();
      *gap->mutable_from() = wire::to_timestamp(g.from_us);
      if (g.to_us) *gap->mutable_to() = wire::to_timestamp(g.to_us);
      gap->set_backfill(g.backfill);
      gap->set_backfilled_updates(g.backfilled);
      gap->set_backfill_detail(g.backfill_detail);
    }
    if (src.last_update_time_us) {
      *out->mutable_last_update_time() = wire::to_timestamp(src.last_update_time_us);
      out->set_lag_seconds(static_cast<double>(now_us - src.last_update_time_us) / 1e6);
    }
    out->set_updates_per_second(src.updates_per_second);
    out->set_last_error(src.last_error);
    out->set_detail(src.detail);
    for (const auto& e : src.endpoints) {
      auto* ep = out->add_endpoints();
      ep->set_name(e.name);
      if (e.last_poll_us) *ep->mutable_last_poll() = wire::to_timestamp(e.last_poll_us);
      if (e.next_poll_us) *ep->mutable_next_poll() = wire::to_timestamp(e.next_poll_us);
      ep->set_last_id(e.last_id);
      ep->set_errors(e.errors);
      ep->set_last_error(e.last_error);
    }
  }
  for (const auto& q : s.queues) {
    auto* out = response->add_queues();
    out->set_name(q.name);
    out->set_depth(q.depth);
    out->set_capacity(q.capacity);
    out->set_shed(q.shed);
  }
  auto* store = response->mutable_store();
  store->set_data_dir(s.data_dir);
  store->set_updates_stored(s.updates_stored);
  store->set_bytes(s.store_bytes);
  store->set_write_errors(s.store_write_errors);
  store->set_state(s.store_failing ? "FAILING" : "OK");
  if (s.store_failing) {
    store->set_error(s.store_failing->error);
    *store->mutable_failing_since() = wire::to_timestamp(s.store_failing->since_us);
    store->set_failing_write(s.store_failing->what);
  }
  if (s.oldest_us) *store->mutable_oldest() = wire::to_timestamp(*s.oldest_us);
  if (s.newest_us) *store->mutable_newest() = wire::to_timestamp(*s.newest_us);
  response->set_updates_processed(s.updates_processed);
  response->set_alerts_total(s.alerts_total);
  response->set_last_alert_id(s.last_alert_id);
  response->set_events_ongoing(s.events_ongoing);
  response->set_last_event_id(s.last_event_id);
  response->set_config_revision(s.config_revision);
  auto* table = response->mutable_route_table();
  table->set_prefixes(s.route_table.prefixes);
  table->set_routes(s.route_table.routes);
  table->set_paths(s.route_table.paths);
  table->set_peers_up(s.route_table.peers_up);
  table->set_bytes(s.route_table.bytes);
  auto* detection = response->mutable_detection();
  detection->set_stalled_stage(s.detection.stalled_stage);
  detection->set_stalled_ms(s.detection.stalled_ms);
  for (const auto& stage : s.detection.stages) {
    auto* out = detection->add_stages();
    out->set_name(stage.name);
    out->set_busy_share(stage.busy_share);
    out->set_slow_updates(stage.slow_updates);
    out->set_longest_ms(stage.longest_ms);
  }
  response->set_monitored_prefixes(s.monitored_prefixes);
  response->set_monitored_asns(s.monitored_asns);
  response->set_alert_streams(s.alert_streams);
  response->set_alert_streams_cut(s.alert_streams_cut);
  if (s.irr) {
    auto* irr = response->mutable_irr();
    for (const auto& f : s.irr->files) irr->add_files(f);
    irr->set_objects(s.irr->loaded.objects);
    irr->set_malformed(s.irr->loaded.malformed);
    for (const auto& p : s.irr->loaded.problems) irr->add_problems(p);
    irr->set_memory_bytes(s.irr->loaded.memory_bytes);
    irr->set_load_seconds(s.irr->loaded.seconds);
    if (s.irr->loaded.loaded_at_us)
      *irr->mutable_loaded() = wire::to_timestamp(s.irr->loaded.loaded_at_us);
    irr->set_loads(s.irr->loads);
    irr->set_last_error(s.irr->last_error);
    for (const auto& d : s.irr->disagreements) irr->add_disagreements(d);
  }
  for (const auto& sink : s.sinks) {
    auto* out = response->add_sinks();
    out->set_name(sink.name);
    out->set_delivered_id(sink.delivered_id);
    out->set_failures(sink.failures);
    out->set_silenced(sink.silenced);
    out->set_state(static_cast<v1::SinkState>(static_cast<int>(sink.health.state) + 1));
    out->set_backlog(sink.backlog);
    out->set_last_error(sink.health.last_error);
    out->set_gave_up(sink.health.gave_up);
    if (sink.health.failing_since_us)
      *out->mutable_failing_since() = wire::to_timestamp(sink.health.failing_since_us);
  }
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::SetLogLevel(grpc::ServerContext* context,
                                           const v1::SetLogLevelRequest* req,
                                           v1::SetLogLevelResponse* response) {
  const std::string level = req->level().substr(0, 32);
  return audit_.call(
      access_, *context, Role::kAdmin, "SetLogLevel " + level, [&](const Caller&) -> grpc::Status {
        static const char* const kLevels[] = {"trace", "debug",    "info", "warn",
                                              "error", "critical", "off"};
        if (std::find(std::begin(kLevels), std::end(kLevels), req->level()) == std::end(kLevels))
          return invalid_argument("unknown log level '" + level +
                                  "': trace, debug, info, warn, error, critical or off");
        const auto previous = spdlog::level::to_string_view(spdlog::get_level());
        response->set_previous(std::string(previous.data(), previous.size()));
        spdlog::set_level(spdlog::level::from_str(req->level()));
        spdlog::warn("log level set to {} (was {})", level, response->previous());
        return grpc::Status::OK;
      });
}

grpc::Status AdminServiceImpl::ListAudit(grpc::ServerContext* context,
                                         const v1::ListAuditRequest* req,
                                         v1::ListAuditResponse* response) {
  if (auto st = access_.allow(*context, Role::kOperator); !st.ok()) return st;
  auto page = parse_page(req->page_size(), req->page_token());
  if (!page) return invalid_argument(page.error());
  uint64_t last = 0;
  auto st = trail_.for_each_before(page->token, page->size + 1, [&](const AuditEntry& e) {
    if (static_cast<uint32_t>(response->records_size()) == page->size) {
      response->set_next_page_token(std::to_string(last));
      return false;
    }
    last = e.id;
    auto* r = response->add_records();
    r->set_id(e.id);
    *r->mutable_time() = wire::to_timestamp(e.time_us);
    r->set_who(e.who);
    r->set_action(e.action);
    r->set_outcome(e.outcome);
    return true;
  });
  if (!st) return {grpc::StatusCode::INTERNAL, st.error()};
  return grpc::Status::OK;
}

}  // namespace bgpsentry
