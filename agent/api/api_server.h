// The gRPC listeners: the unix socket (mode 0660), an optional read-only unix socket (each
// with its own mode and group; callers' uids read from the socket), and an optional TCP
// listener with TLS (mTLS with a client CA) that refuses calls without a known token before
// reading them. A resource quota per listener bounds what each holds. Each runs the Admin, Alert,
// Query and Config services under its own access policy (agent/api/access.h), plus grpc.health.v1
// and server reflection. Every mutating call is audited (agent/api/auditor.h).
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agent/api/access.h"
#include "agent/api/admin_service.h"
#include "agent/api/alert_service.h"
#include "agent/api/auditor.h"
#include "agent/api/config_service.h"
#include "agent/api/query_service.h"
#include "agent/api/stream_guard.h"
#include "agent/config/agent_config.h"

namespace bgpsentry {

// What the services read and drive.
struct ApiBackends {
  std::function<AgentStatus()> status;
  const HistoryStore& history;
  AlertStore& alerts;
  EventStore& events;
  AlertHub& hub;
  Silences& silences;
  std::vector<SinkRunner*> sinks;  // SendTestAlert
  AuditStore& audit;
  PrefixesManager& prefixes;
  const RevisionLog& revisions;
  std::string config_file;
  ConfigServiceImpl::Reload reload;
  ConfigServiceImpl::Load load_config;
  QueryServiceImpl::Irr irr;  // CheckIrr; null: no IRR dumps configured
};

class ApiServer {
 public:
  ApiServer(ApiConfig config, ApiBackends backends);
  ~ApiServer();
  Status start();
  // Stops accepting, ends open streams, waits for calls in flight (bounded).
  void stop();
  const StreamGuard& streams() const { return streams_; }

 private:
  struct Endpoint;
  Status start_endpoints();
  Status start_endpoint(Endpoint& endpoint);

  ApiConfig config_;
  ApiBackends backends_;
  Auditor auditor_;      // one trail for every listener
  StreamGuard streams_;  // WatchAlerts on every listener
  std::shared_ptr<const std::vector<ApiToken>> tokens_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
};

}  // namespace bgpsentry
