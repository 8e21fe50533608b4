#include "agent/api/alert_service.h"

#include <algorithm>
#include <optional>

#include "agent/api/alert_filter.h"
#include "agent/api/request_arguments.h"
#include "agent/core/wall_clock.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry {
namespace {

constexpr size_t kMaxCommentBytes = 1024;
constexpr int64_t kMaxSilenceSeconds = 90LL * 24 * 3600;

const PrefixesConfig kNoPrefixes;

grpc::Status check_comment(const std::string& comment) {
  if (comment.size() > kMaxCommentBytes)
    return invalid_argument("comment: over " + std::to_string(kMaxCommentBytes) + " bytes");
  return grpc::Status::OK;
}

}  // namespace

grpc::Status AlertServiceImpl::ListAlerts(grpc::ServerContext* context,
                                          const v1::ListAlertsRequest* req,
                                          v1::ListAlertsResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  std::optional<AlertType> type;
  if (auto st = alert_type_argument(req->type(), type); !st.ok()) return st;
  auto page = parse_page(req->page_size(), req->page_token(), true);
  if (!page) return invalid_argument(page.error());
  const uint64_t after = req->page_token().empty() ? req->after_id() : page->token;
  uint64_t last_seen = after;
  bool more = false;
  auto st = store_.for_each_after(after, 0, [&](const Alert& a) {
    if (static_cast<uint32_t>(response->alerts_size()) == page->size) {
      more = true;
      return false;
    }
    last_seen = a.id;
    if (!type || a.type == *type) *response->add_alerts() = wire::to_proto(a);
    return true;
  });
  if (!st) return {grpc::StatusCode::INTERNAL, st.error()};
  if (more) response->set_next_page_token(std::to_string(last_seen));
  return grpc::Status::OK;
}

grpc::Status AlertServiceImpl::ListEvents(grpc::ServerContext* context,
                                          const v1::ListEventsRequest* req,
                                          v1::ListEventsResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  std::optional<AlertType> type;
  if (auto st = alert_type_argument(req->type(), type); !st.ok()) return st;
  auto page = parse_page(req->page_size(), req->page_token());
  if (!page) return invalid_argument(page.error());
  if (!v1::EventStatus_IsValid(req->status()))
    return invalid_argument("unknown event status " + std::to_string(req->status()));
  if (auto st = confidence_argument(req->min_confidence()); !st.ok()) return st;
  std::optional<Prefix> prefix;
  if (auto st = prefix_argument(req->prefix(), prefix); !st.ok()) return st;
  uint64_t last_seen = 0;
  bool more = false;
  auto st = events_.for_each_before(page->token, 0, [&](const Event& e) {  // newest first
    if (static_cast<uint32_t>(response->events_size()) == page->size) {
      more = true;
      return false;
    }
    last_seen = e.id;
    if (type && e.type != *type) return true;
    if (req->status() != v1::EVENT_STATUS_UNSPECIFIED &&
        (req->status() == v1::ENDED) != (e.status == EventStatus::kEnded))
      return true;
    if (e.confidence < req->min_confidence()) return true;
    if (prefix && std::none_of(e.prefixes.begin(), e.prefixes.end(),
                               [&](const Prefix& p) { return prefix->contains(p); }))
      return true;
    *response->add_events() = event_proto(e, false);
    return true;
  });
  if (!st) return {grpc::StatusCode::INTERNAL, st.error()};
  if (more) response->set_next_page_token(std::to_string(last_seen));
  return grpc::Status::OK;
}

grpc::Status AlertServiceImpl::GetEvent(grpc::ServerContext* context,
                                        const v1::GetEventRequest* req,
                                        v1::GetEventResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto event = events_.get(req->id());
  if (!event) return {grpc::StatusCode::NOT_FOUND, "no event with id " + std::to_string(req->id())};
  *response->mutable_event() = event_proto(*event, true);
  return grpc::Status::OK;
}

v1::Event AlertServiceImpl::event_proto(const Event& event, bool with_peers) const {
  v1::Event out = wire::to_proto(event, with_peers);
  if (auto ack = events_.ack(event.id)) *out.mutable_ack() = wire::to_proto(*ack);
  return out;
}

grpc::Status AlertServiceImpl::AcknowledgeEvent(grpc::ServerContext* context,
                                                const v1::AcknowledgeEventRequest* req,
                                                v1::AcknowledgeEventResponse* response) {
  return audit_.call(
      access_, *context, Role::kOperator, "AcknowledgeEvent " + std::to_string(req->id()),
      [&](const Caller& caller) -> grpc::Status {
        if (auto st = check_comment(req->comment()); !st.ok()) return st;
        auto event = events_.get(req->id());
        if (!event)
          return {grpc::StatusCode::NOT_FOUND, "no event with id " + std::to_string(req->id())};
        EventAck ack{req->id(), wall_clock_us(), caller.who, req->comment()};
        if (auto st = events_.acknowledge(ack); !st)
          return {grpc::StatusCode::INTERNAL, st.error()};
        *response->mutable_event() = event_proto(*event, false);
        return grpc::Status::OK;
      });
}

grpc::Status AlertServiceImpl::CreateSilence(grpc::ServerContext* context,
                                             const v1::CreateSilenceRequest* req,
                                             v1::CreateSilenceResponse* response) {
  return audit_.call(
      access_, *context, Role::kOperator, "CreateSilence",
      [&](const Caller& caller) -> grpc::Status {
        Silence s;
        if (auto st = alert_type_argument(req->type(), s.type); !st.ok()) return st;
        if (auto st = check_comment(req->comment()); !st.ok()) return st;
        if (auto st = prefix_argument(req->prefix(), s.prefix); !st.ok()) return st;
        s.offending_asn = req->offending_asn();
        s.event_id = req->event_id();
        if (!s.has_criteria())
          return invalid_argument(
              "a silence needs at least one of type, prefix, offending_asn, event_id: one "
              "without would mute every sink");
        if (req->duration_seconds() == 0 || req->duration_seconds() > kMaxSilenceSeconds)
          return invalid_argument("duration_seconds: 1 s to 90 days");
        s.created_us = wall_clock_us();
        s.until_us = s.created_us + int64_t{req->duration_seconds()} * 1000000;
        s.who = caller.who;
        s.comment = req->comment();
        auto id = silences_.add(s);
        if (!id) return {grpc::StatusCode::INTERNAL, id.error()};
        s.id = *id;
        *response->mutable_silence() = wire::to_proto(s);
        return grpc::Status::OK;
      });
}

grpc::Status AlertServiceImpl::ListSilences(grpc::ServerContext* context,
                                            const v1::ListSilencesRequest*,
                                            v1::ListSilencesResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  for (const auto& s : silences_.active(wall_clock_us()))
    *response->add_silences() = wire::to_proto(s);
  return grpc::Status::OK;
}

grpc::Status AlertServiceImpl::DeleteSilence(grpc::ServerContext* context,
                                             const v1::DeleteSilenceRequest* req,
                                             v1::DeleteSilenceResponse*) {
  return audit_.call(
      access_, *context, Role::kOperator, "DeleteSilence " + std::to_string(req->id()),
      [&](const Caller&) -> grpc::Status {
        auto removed = silences_.remove(req->id(), wall_clock_us());
        if (!removed) return {grpc::StatusCode::INTERNAL, removed.error()};
        if (!*removed)
          return {grpc::StatusCode::NOT_FOUND, "no silence with id " + std::to_string(req->id())};
        return grpc::Status::OK;
      });
}

grpc::Status AlertServiceImpl::SendTestAlert(grpc::ServerContext* context,
                                             const v1::SendTestAlertRequest*,
                                             v1::SendTestAlertResponse* response) {
  return audit_.call(access_, *context, Role::kOperator, "SendTestAlert",
                     [&](const Caller& caller) -> grpc::Status {
                       // Not stored and never streamed: id 0 says it is outside the alert sequence.
                       Alert test;
                       test.type = AlertType::kFeed;
                       test.source = "test";
                       test.first_seen_us = test.last_seen_us = wall_clock_us();
                       test.description =
                           "test alert sent by " + caller.who + ": not a routing event";
                       for (SinkRunner* sink : sinks_) {
                         auto* r = response->add_results();
                         r->set_sink(sink->name());
                         auto delivered = sink->send_now(test);
                         r->set_ok(delivered.ok());
                         if (!delivered) r->set_error(delivered.error());
                       }
                       return grpc::Status::OK;
                     });
}

grpc::Status AlertServiceImpl::WatchAlerts(grpc::ServerContext* context,
                                           const v1::WatchAlertsRequest* req,
                                           grpc::ServerWriter<v1::WatchAlertsResponse>* writer) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  AlertFilter filter;
  if (auto st = AlertFilter::parse(*req, filter); !st.ok()) return st;
  auto ticket = streams_.admit(*context);
  if (!ticket)
    return {grpc::StatusCode::RESOURCE_EXHAUSTED,
            "too many alert streams open (api.max_streams); try again later"};
  // Subscribe first, then replay from the store: nothing published in between is missed,
  // and ids already sent are skipped.
  auto subscription = hub_.subscribe();
  struct Unsubscribe {
    AlertHub& hub;
    std::shared_ptr<AlertSubscription>& s;
    ~Unsubscribe() { hub.unsubscribe(s); }
  } unsubscribe{hub_, subscription};

  uint64_t last_sent = 0;
  bool broken = false;
  // The responses to write now: all but the last with buffer_hint, so that a burst of
  // alerts leaves in a few writes rather than one each.
  std::vector<std::shared_ptr<const v1::WatchAlertsResponse>> pending;
  auto take = [&](const Alert& a) {
    if (a.id <= last_sent) return;
    last_sent = a.id;
    // The group is judged by the monitored prefixes and ASNs in force now.
    if (!filter.matches(a, filter.needs_config() ? *prefixes_.current() : kNoPrefixes)) return;
    pending.push_back(protos_.get(a));
  };
  auto flush = [&] {
    for (size_t i = 0; i < pending.size() && !broken; ++i) {
      grpc::WriteOptions options;
      if (i + 1 < pending.size()) options.set_buffer_hint();
      ticket->writing();
      if (!writer->Write(*pending[i], options)) broken = true;
      ticket->written();
    }
    pending.clear();
    return !broken;
  };
  auto replay_after = [&](uint64_t id) {
    auto st = store_.for_each_after(id, 0, [&](const Alert& a) {
      take(a);
      return pending.size() < 64 || flush();
    });
    if (!st) return grpc::Status(grpc::StatusCode::INTERNAL, st.error());
    flush();
    return grpc::Status::OK;
  };
  if (req->has_from_id()) {
    last_sent = req->from_id();
    if (auto st = replay_after(last_sent); !st.ok()) return st;
  } else {
    last_sent = store_.last_id();  // live only
  }
  while (!broken && !context->IsCancelled() && !shutting_down_) {
    if (subscription->take_overflow()) {
      if (auto st = replay_after(last_sent); !st.ok()) return st;
      continue;
    }
    for (const auto& alert : subscription->pop(std::chrono::milliseconds(200))) take(*alert);
    flush();
  }
  return grpc::Status::OK;
}

}  // namespace bgpsentry
