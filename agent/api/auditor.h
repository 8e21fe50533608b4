// The audit trail of mutating API calls: who, what, when, and how it ended, to the log and
// the store (AdminService.ListAudit, `bgpctl audit`).
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>

#include "agent/api/access.h"
#include "storage/audit_store.h"

namespace bgpsentry {

class Auditor {
 public:
  explicit Auditor(AuditStore& store) : store_(store) {}
  // Records a mutating call and returns its `outcome`: `return audit.record(...)`. A call
  // refused as unauthenticated is logged but not stored: anyone who reaches the port could
  // otherwise fill the store with synced writes.
  grpc::Status record(const Caller& caller, const std::string& action, grpc::Status outcome);
  // A mutating call: access checked (a refusal recorded too), then `body` run, its outcome
  // recorded. `action` names the call and its main argument ("AddPrefix 192.0.2.0/24").
  grpc::Status call(const AccessPolicy& access, const grpc::ServerContext& context, Role needed,
                    const std::string& action,
                    const std::function<grpc::Status(const Caller&)>& body);

 private:
  AuditStore& store_;
};

}  // namespace bgpsentry
