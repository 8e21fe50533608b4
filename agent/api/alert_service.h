#pragma once

#include <atomic>

#include "agent/alert/alert_hub.h"
#include "agent/api/access.h"
#include "bgpsentry/v1/alert.grpc.pb.h"
#include "storage/alert_store.h"
#include "storage/event_store.h"

namespace bgpsentry {

class AlertServiceImpl final : public v1::AlertService::Service {
 public:
  AlertServiceImpl(const AccessPolicy& access, AlertStore& store, const EventStore& events,
                   AlertHub& hub)
      : access_(access), store_(store), events_(events), hub_(hub) {}
  grpc::Status ListAlerts(grpc::ServerContext* context, const v1::ListAlertsRequest* request,
                          v1::ListAlertsResponse* response) override;
  grpc::Status WatchAlerts(grpc::ServerContext* context, const v1::WatchAlertsRequest* request,
                           grpc::ServerWriter<v1::WatchAlertsResponse>* writer) override;
  grpc::Status ListEvents(grpc::ServerContext* context, const v1::ListEventsRequest* request,
                          v1::ListEventsResponse* response) override;
  grpc::Status GetEvent(grpc::ServerContext* context, const v1::GetEventRequest* request,
                        v1::GetEventResponse* response) override;
  // Ends open streams (at shutdown).
  void shutdown() { shutting_down_ = true; }

 private:
  const AccessPolicy& access_;
  AlertStore& store_;
  const EventStore& events_;
  AlertHub& hub_;
  std::atomic<bool> shutting_down_{false};
};

}  // namespace bgpsentry
