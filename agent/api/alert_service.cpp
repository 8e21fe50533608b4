#include "agent/api/alert_service.h"

#include "agent/core/parse_number.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry {
namespace {

constexpr uint32_t kDefaultPageSize = 100;
constexpr uint32_t kMaxPageSize = 10000;

bool type_matches(v1::AlertType wanted, const Alert& alert) {
  return wanted == v1::ALERT_TYPE_UNSPECIFIED || wanted == wire::to_proto(alert.type);
}

}  // namespace

grpc::Status AlertServiceImpl::ListAlerts(grpc::ServerContext*, const v1::ListAlertsRequest* req,
                                          v1::ListAlertsResponse* response) {
  if (req->page_size() > kMaxPageSize)
    return {grpc::StatusCode::INVALID_ARGUMENT, "page_size " + std::to_string(req->page_size()) +
                                                    " exceeds the maximum of " +
                                                    std::to_string(kMaxPageSize)};
  if (!v1::AlertType_IsValid(req->type()))
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "unknown alert type " + std::to_string(req->type())};
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

grpc::Status AlertServiceImpl::WatchAlerts(grpc::ServerContext* context,
                                           const v1::WatchAlertsRequest* req,
                                           grpc::ServerWriter<v1::WatchAlertsResponse>* writer) {
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
