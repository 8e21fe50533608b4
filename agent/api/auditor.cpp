#include "agent/api/auditor.h"

#include <spdlog/spdlog.h>

#include "agent/core/wall_clock.h"

namespace bgpsentry {
namespace {

const char* code_name(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    default:
      return "ERROR";
  }
}

}  // namespace

grpc::Status Auditor::record(const Caller& caller, const std::string& action,
                             grpc::Status outcome) {
  AuditEntry e;
  e.time_us = wall_clock_us();
  e.who = caller.who;
  e.action = action.substr(0, 1024);
  e.outcome = code_name(outcome.error_code());
  if (!outcome.ok()) e.outcome += ": " + outcome.error_message().substr(0, 1024);
  spdlog::info("audit: {} {}: {}", e.who, e.action, e.outcome);
  if (outcome.error_code() == grpc::StatusCode::UNAUTHENTICATED) return outcome;
  if (auto id = store_.append(std::move(e)); !id) spdlog::error("audit: {}", id.error());
  return outcome;
}

grpc::Status Auditor::call(const AccessPolicy& access, const grpc::ServerContext& context,
                           Role needed, const std::string& action,
                           const std::function<grpc::Status(const Caller&)>& body) {
  Caller caller;
  if (auto st = access.allow(context, needed, &caller); !st.ok()) return record(caller, action, st);
  return record(caller, action, body(caller));
}

}  // namespace bgpsentry
