#pragma once

#include <functional>

#include "agent/api/access.h"
#include "agent/api/agent_status.h"
#include "agent/api/auditor.h"
#include "bgpsentry/v1/admin.grpc.pb.h"

namespace bgpsentry {

class AdminServiceImpl final : public v1::AdminService::Service {
 public:
  AdminServiceImpl(const AccessPolicy& access, Auditor& audit, const AuditStore& trail,
                   std::function<AgentStatus()> status)
      : access_(access), audit_(audit), trail_(trail), status_(std::move(status)) {}
  grpc::Status GetStatus(grpc::ServerContext* context, const v1::GetStatusRequest* request,
                         v1::GetStatusResponse* response) override;
  grpc::Status SetLogLevel(grpc::ServerContext* context, const v1::SetLogLevelRequest* request,
                           v1::SetLogLevelResponse* response) override;
  grpc::Status ListAudit(grpc::ServerContext* context, const v1::ListAuditRequest* request,
                         v1::ListAuditResponse* response) override;

 private:
  const AccessPolicy& access_;
  Auditor& audit_;
  const AuditStore& trail_;
  std::function<AgentStatus()> status_;
};

}  // namespace bgpsentry
