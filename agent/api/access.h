// Who may call what, per listener: bearer tokens with roles viewer < operator < admin,
// configured as SHA-256 hashes (a token itself is never stored or logged).
//   unix socket (0660): its permissions are the credential, so no token is admin; a token
//     given is checked and its role applies.
//   read-only unix socket: viewer at most (queries and streams), with or without a token.
//   TCP (TLS, optionally mTLS): a valid token is required.
// Unknown token: UNAUTHENTICATED. A role below the call's: PERMISSION_DENIED.
#pragma once

#include <grpcpp/grpcpp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/config/api_tokens.h"

namespace bgpsentry {

// What a presented token hashes to.
Sha256 sha256_of(std::string_view data);

enum class Listener { kUnix, kReadOnlyUnix, kTcp };

// Metadata: "authorization: Bearer TOKEN"; bgpctl also names its login user (recorded for
// unix socket callers, who need no token).
inline constexpr char kAuthorizationKey[] = "authorization";
inline constexpr char kCallerUserKey[] = "x-bgpsentry-user";

struct Caller {
  Role role = Role::kNone;
  std::string who;  // for the record of changes: "token noc (tcp)", "alice (unix socket)"
};

class AccessPolicy {
 public:
  AccessPolicy(Listener listener, std::shared_ptr<const std::vector<ApiToken>> tokens)
      : listener_(listener), tokens_(std::move(tokens)) {}

  // OK when the caller may make a call that needs `needed`. `caller` says who, refused or
  // not (for the audit trail).
  grpc::Status allow(const grpc::ServerContextBase& context, Role needed,
                     Caller* caller = nullptr) const;
  Listener listener() const { return listener_; }

 private:
  // Who the caller is (always set, for the audit trail) and its role on this listener.
  grpc::Status identify(const grpc::ServerContextBase& context, Caller& caller) const;

  Listener listener_;
  std::shared_ptr<const std::vector<ApiToken>> tokens_;
};

}  // namespace bgpsentry
