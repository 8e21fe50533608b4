// The gRPC server on the local unix socket (mode 0660): Admin, Alert and Query services
// plus grpc.health.v1.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "agent/api/admin_service.h"
#include "agent/api/alert_service.h"
#include "agent/api/config_service.h"
#include "agent/api/query_service.h"

namespace bgpsentry {

class ApiServer {
 public:
  ApiServer(std::string unix_socket, std::function<AgentStatus()> status,
            const HistoryStore& history, AlertStore& alerts, const EventStore& events,
            AlertHub& hub, ConfigServiceImpl& config);
  ~ApiServer();
  Status start();
  // Stops accepting, ends open streams, waits for calls in flight (bounded).
  void stop();

 private:
  std::string socket_path_;
  AdminServiceImpl admin_;
  AlertServiceImpl alerts_;
  QueryServiceImpl query_;
  ConfigServiceImpl& config_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace bgpsentry
