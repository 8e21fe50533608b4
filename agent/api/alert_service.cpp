#include "agent/api/alert_service.h"

#include <grpcpp/impl/codegen/proto_utils.h>

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

grpc::Status AlertServiceImpl::find_sink(const std::string& name, SinkRunner*& out) const {
  if (name.size() > 256) return invalid_argument("sink: longer than 256 bytes");
  std::string names;
  for (SinkRunner* sink : sinks_) {
    if (sink->name() == name) {
      out = sink;
      return grpc::Status::OK;
    }
    names += (names.empty() ? "" : ", ") + sink->name();
  }
  return {grpc::StatusCode::NOT_FOUND,
          "no sink named '" + name + "' (" + (names.empty() ? "none are configured" : names) + ")"};
}

grpc::Status AlertServiceImpl::SendTestAlert(grpc::ServerContext* context,
                                             const v1::SendTestAlertRequest* req,
                                             v1::SendTestAlertResponse* response) {
  // Arguments are looked at only once the caller is known (the lambda): an unknown caller
  // learns nothing, not even the sinks' names.
  return audit_.call(access_, *context, Role::kOperator,
                     req->sink().empty() ? std::string("SendTestAlert")
                                         : "SendTestAlert --sink " + req->sink().substr(0, 64),
                     [&](const Caller& caller) -> grpc::Status {
                       SinkRunner* only = nullptr;
                       if (!req->sink().empty())
                         if (auto st = find_sink(req->sink(), only); !st.ok()) return st;
                       // Not stored and never streamed: id 0 says it is outside the alert sequence.
                       Alert test;
                       test.type = AlertType::kFeed;
                       test.source = "test";
                       test.first_seen_us = test.last_seen_us = wall_clock_us();
                       test.description =
                           "test alert sent by " + caller.who + ": not a routing event";
                       for (SinkRunner* sink : sinks_) {
                         if (only && sink != only) continue;
                         auto* r = response->add_results();
                         r->set_sink(sink->name());
                         auto delivered = sink->send_now(test);
                         r->set_ok(delivered.ok());
                         if (!delivered) r->set_error(delivered.error());
                       }
                       return grpc::Status::OK;
                     });
}

grpc::Status AlertServiceImpl::RedeliverAlerts(grpc::ServerContext* context,
                                               const v1::RedeliverAlertsRequest* req,
                                               v1::RedeliverAlertsResponse* response) {
  return audit_.call(access_, *context, Role::kOperator,
                     "RedeliverAlerts --sink " + req->sink().substr(0, 64) + " --from-id " +
                         std::to_string(req->from_id()),
                     [&](const Caller&) -> grpc::Status {
                       SinkRunner* sink = nullptr;
                       if (req->sink().empty()) return invalid_argument("sink: required");
                       if (auto st = find_sink(req->sink(), sink); !st.ok()) return st;
                       const uint64_t last = store_.last_id();
                       if (req->from_id() == 0 || req->from_id() > last)
                         return invalid_argument("from_id: expected 1.." + std::to_string(last) +
                                                 " (the stored ids)");
                       response->set_previous_delivered_id(sink->redeliver_from(req->from_id()));
                       response->set_last_id(last);
                       return grpc::Status::OK;
                     });
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* AlertServiceImpl::WatchAlerts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* raw) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return new RefusedStream(st);
  v1::WatchAlertsRequest req;
  grpc::ByteBuffer copy(*raw);
  if (!grpc::GenericDeserialize<grpc::ProtoBufferReader, v1::WatchAlertsRequest>(&copy, &req).ok())
    return new RefusedStream({grpc::StatusCode::INVALID_ARGUMENT, "malformed WatchAlertsRequest"});
  AlertFilter filter;
  if (auto st = AlertFilter::parse(req, filter); !st.ok()) return new RefusedStream(st);
  if (auto error = count_error("max_batch", req.max_batch()); !error.empty())
    return new RefusedStream(invalid_argument(error));
  if (auto error = limit_error("batch_wait_ms", req.batch_wait_ms(), kMaxBatchWaitMs);
      !error.empty())
    return new RefusedStream(invalid_argument(error));
  if (req.batch_wait_ms() > 0 && req.max_batch() <= 1)
    return new RefusedStream(invalid_argument("batch_wait_ms needs max_batch > 1"));
  auto ticket = streams_.admit(*context);
  if (!ticket)
    return new RefusedStream({grpc::StatusCode::RESOURCE_EXHAUSTED,
                              "too many alert streams open (api.max_streams); try again later"});
  if (shutting_down_)
    return new RefusedStream({grpc::StatusCode::UNAVAILABLE, "the agent is shutting down"});
  const AlertStreamBackends backends{store_, hub_, protos_, prefixes_, pump_, shutting_down_};
  return AlertStream::open(
      backends, std::move(*ticket), std::move(filter),
      req.has_from_id() ? std::optional<uint64_t>(req.from_id()) : std::nullopt,
      AlertStream::Batching{req.max_batch(), std::chrono::milliseconds(req.batch_wait_ms())});
}

}  // namespace bgpsentry
