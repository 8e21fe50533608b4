// Who is calling, for the audit trail of changes. Until tokens identify callers, a local
// client names its user (bgpctl sends the login name); the name is recorded as given.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

namespace bgpsentry {

// Metadata key bgpctl sets to the login name of its user.
inline constexpr char kCallerUserKey[] = "x-bgpsentry-user";

std::string caller_of(const grpc::ServerContext& context);

}  // namespace bgpsentry
