#pragma once

#include <atomic>

#include "agent/alert/alert_hub.h"
#include "agent/alert/silences.h"
#include "agent/alert/sink_runner.h"
#include "agent/api/access.h"
#include "agent/api/alert_protos.h"
#include "agent/api/alert_stream.h"
#include "agent/api/auditor.h"
#include "agent/api/stream_guard.h"
#include "agent/config/prefixes_manager.h"
#include "bgpsentry/v1/alert.grpc.pb.h"
#include "storage/alert_store.h"
#include "storage/event_store.h"

namespace bgpsentry {

// WatchAlerts is served on gRPC's callback API with pre-serialized responses (raw): a stream
// costs no thread, and an alert is serialized once for all of them. The rest is synchronous.
class AlertServiceImpl final
    : public v1::AlertService::WithRawCallbackMethod_WatchAlerts<v1::AlertService::Service> {
 public:
  AlertServiceImpl(const AccessPolicy& access, Auditor& audit, StreamGuard& streams,
                   AlertStore& store, EventStore& events, AlertHub& hub, Silences& silences,
                   std::vector<SinkRunner*> sinks, const PrefixesManager& prefixes)
      : access_(access),
        audit_(audit),
        streams_(streams),
        store_(store),
        events_(events),
        hub_(hub),
        silences_(silences),
        sinks_(std::move(sinks)),
        prefixes_(prefixes) {}
  grpc::Status ListAlerts(grpc::ServerContext* context, const v1::ListAlertsRequest* request,
                          v1::ListAlertsResponse* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchAlerts(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* request) override;
  grpc::Status ListEvents(grpc::ServerContext* context, const v1::ListEventsRequest* request,
                          v1::ListEventsResponse* response) override;
  grpc::Status GetEvent(grpc::ServerContext* context, const v1::GetEventRequest* request,
                        v1::GetEventResponse* response) override;
  grpc::Status AcknowledgeEvent(grpc::ServerContext* context,
                                const v1::AcknowledgeEventRequest* request,
                                v1::AcknowledgeEventResponse* response) override;
  grpc::Status CreateSilence(grpc::ServerContext* context, const v1::CreateSilenceRequest* request,
                             v1::CreateSilenceResponse* response) override;
  grpc::Status ListSilences(grpc::ServerContext* context, const v1::ListSilencesRequest* request,
                            v1::ListSilencesResponse* response) override;
  grpc::Status DeleteSilence(grpc::ServerContext* context, const v1::DeleteSilenceRequest* request,
                             v1::DeleteSilenceResponse* response) override;
  grpc::Status SendTestAlert(grpc::ServerContext* context, const v1::SendTestAlertRequest* request,
                             v1::SendTestAlertResponse* response) override;
  grpc::Status RedeliverAlerts(grpc::ServerContext* context,
                               const v1::RedeliverAlertsRequest* request,
                               v1::RedeliverAlertsResponse* response) override;
  // Ends open streams (at shutdown).
  void shutdown() {
    shutting_down_ = true;
    hub_.wake_all();
  }

 private:
  // The configured sink of that name; NOT_FOUND (the names listed) or INVALID_ARGUMENT.
  grpc::Status find_sink(const std::string& name, SinkRunner*& out) const;
  // An event as the API shows it: with its acknowledgement.
  v1::Event event_proto(const Event& event, bool with_peers) const;

  const AccessPolicy& access_;
  Auditor& audit_;
  StreamGuard& streams_;
  AlertStore& store_;
  EventStore& events_;
  AlertHub& hub_;
  Silences& silences_;
  std::vector<SinkRunner*> sinks_;
  const PrefixesManager& prefixes_;
  AlertProtos protos_;  // each alert converted once for all the streams
  std::atomic<bool> shutting_down_{false};
  StreamPump pump_;  // last: stopped first, before what the streams it holds point to
};

}  // namespace bgpsentry
