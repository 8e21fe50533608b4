#include "agent/api/alert_service.h"

#include <algorithm>
#include <optional>

#include "agent/core/parse_number.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry {
namespace {

constexpr uint32_t kDefaultPageSize = 100;
constexpr uint32_t kMaxPageSize = 10000;

bool type_matches(v1::AlertType wanted, const Alert& alert) {
  return wanted == v1::ALERT_TYPE_UNSPECIFIED || wanted == wire::to_proto(alert.type);
}

// What both lists check: the page size and the alert type filter.
grpc::Status check_page_and_type(uint32_t page_size, int type) {
  if (page_size > kMaxPageSize)
    return {grpc::StatusCode::INVALID_ARGUMENT, "page_size " + std::to_string(page_size) +
                                                    " exceeds the maximum of " +
                                                    std::to_string(kMaxPageSize)};
  if (!v1::AlertType_IsValid(type))
    return {grpc::StatusCode::INVALID_ARGUMENT, "unknown alert type " + std::to_string(type)};
  return grpc::Status::OK;
}

}  // namespace

grpc::Status AlertServiceImpl::ListAlerts(grpc::ServerContext* context, const v1::ListAlertsRequest* req,
                                          v1::ListAlertsResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  if (auto st = check_page_and_type(req->page_size(), req->type()); !st.ok()) return st;
  uint64_t after = req->after_id();
  if (!req->page_token().empty()) {
    const auto token = parse_u64(req->page_token());
    if (!token) return {grpc::StatusCode::INVALID_ARGUMENT, "invalid page_token"};
    after = *token;
  }
  const uint32_t page = req->page_size() ? req->page_size() : kDefaultPageSize;
  uint64_t last_seen = after;
  bool more = false;
  auto st = store_.for_each_after(after, 0, [&](const Alert& a) {
    if (static_cast<uint32_t>(response->alerts_size()) == page) {
      more = true;
      return false;
    }
    last_seen = a.id;
    if (type_matches(req->type(), a)) *response->add_alerts() = wire::to_proto(a);
    return true;
  });
  if (!st) return {grpc::StatusCode::INTERNAL, st.error()};
  if (more) response->set_next_page_token(std::to_string(last_seen));
  return grpc::Status::OK;
}

grpc::Status AlertServiceImpl::ListEvents(grpc::ServerContext* context, const v1::ListEventsRequest* req,
                                          v1::ListEventsResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  if (auto st = check_page_and_type(req->page_size(), req->type()); !st.ok()) return st;
  if (!v1::EventStatus_IsValid(req->status()))
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "unknown event status " + std::to_string(req->status())};
  if (req->min_confidence() > 10)
    return {grpc::StatusCode::INVALID_ARGUMENT, "min_confidence is 0..10"};
  std::optional<Prefix> prefix;
  if (!req->prefix().empty()) {
    prefix = Prefix::parse(req->prefix());
    if (!prefix)
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "prefix: '" + req->prefix().substr(0, 64) + "' is not a prefix"};
  }
  uint64_t before = 0;  // newest first
  if (!req->page_token().empty()) {
    const auto token = parse_u64(req->page_token());
    if (!token || *token == 0) return {grpc::StatusCode::INVALID_ARGUMENT, "invalid page_token"};
    before = *token;
  }
  const uint32_t page = req->page_size() ? req->page_size() : kDefaultPageSize;
  uint64_t last_seen = 0;
  bool more = false;
  auto st = events_.for_each_before(before, 0, [&](const Event& e) {
    if (static_cast<uint32_t>(response->events_size()) == page) {
      more = true;
      return false;
    }
    last_seen = e.id;
    if (req->type() != v1::ALERT_TYPE_UNSPECIFIED && req->type() != wire::to_proto(e.type))
      return true;
    if (req->status() != v1::EVENT_STATUS_UNSPECIFIED &&
        (req->status() == v1::ENDED) != (e.status == EventStatus::kEnded))
      return true;
    if (e.confidence < req->min_confidence()) return true;
    if (prefix && std::none_of(e.prefixes.begin(), e.prefixes.end(),
                               [&](const Prefix& p) { return prefix->contains(p); }))
      return true;
    *response->add_events() = wire::to_proto(e, false);
    return true;
  });
  if (!st) return {grpc::StatusCode::INTERNAL, st.error()};
  if (more) response->set_next_page_token(std::to_string(last_seen));
  return grpc::Status::OK;
}

grpc::Status AlertServiceImpl::GetEvent(grpc::ServerContext* context, const v1::GetEventRequest* req,
                                        v1::GetEventResponse* response) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  auto event = events_.get(req->id());
  if (!event) return {grpc::StatusCode::NOT_FOUND, "no event with id " + std::to_string(req->id())};
  *response->mutable_event() = wire::to_proto(*event, true);
  return grpc::Status::OK;
}

grpc::Status AlertServiceImpl::WatchAlerts(grpc::ServerContext* context,
                                           const v1::WatchAlertsRequest* req,
                                           grpc::ServerWriter<v1::WatchAlertsResponse>* writer) {
  if (auto st = access_.allow(*context, Role::kViewer); !st.ok()) return st;
  if (!v1::AlertType_IsValid(req->type()))
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "unknown alert type " + std::to_string(req->type())};
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
  auto send = [&](const Alert& a) {
    if (a.id <= last_sent) return true;
    last_sent = a.id;
    if (!type_matches(req->type(), a)) return true;
    v1::WatchAlertsResponse response;
    *response.mutable_alert() = wire::to_proto(a);
    if (!writer->Write(response)) broken = true;
    return !broken;
  };
  auto replay_after = [&](uint64_t id) {
    auto st = store_.for_each_after(id, 0, send);
    return st ? grpc::Status::OK : grpc::Status(grpc::StatusCode::INTERNAL, st.error());
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
    if (auto alert = subscription->pop(std::chrono::milliseconds(200))) send(*alert);
  }
  return grpc::Status::OK;
}

}  // namespace bgpsentry
