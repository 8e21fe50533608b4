// Who may call what, per listener: bearer tokens with roles viewer < operator < admin,
// configured as SHA-256 hashes (a token itself is never stored or logged).
//   unix socket (0660): its permissions are the credential, so no token is admin; a token
//     given is checked and its role applies. The caller's uid, from the socket, is recorded
//     (a name the client sends is kept beside it, marked as claimed).
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

#include "agent/api/unix_socket_listener.h"
#include "agent/config/api_tokens.h"

namespace bgpsentry {

// What a presented token hashes to.
Sha256 sha256_of(std::string_view data);

enum class Listener { kUnix, kReadOnlyUnix, kTcp };

// Metadata: "authorization: Bearer TOKEN"; bgpctl also names its login user (kept, as
// claimed, beside the uid of unix socket callers).
inline constexpr char kAuthorizationKey[] = "authorization";
inline constexpr char kCallerUserKey[] = "x-bgpsentry-user";

struct Caller {
  Role role = Role::kNone;
  // For the record of changes: "token noc (tcp)", "alice [uid 1000] (unix socket)",
  // "root [uid 0, claims alice] (unix socket)".
  std::string who;
};

class AccessPolicy {
 public:
  // `socket`: where a unix listener's callers' credentials are read (null for tcp).
  AccessPolicy(Listener listener, std::shared_ptr<const std::vector<ApiToken>> tokens,
               const UnixSocketListener* socket = nullptr)
      : listener_(listener), tokens_(std::move(tokens)), socket_(socket) {}
  void set_socket(const UnixSocketListener* socket) { socket_ = socket; }

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
  const UnixSocketListener* socket_;
};

// TOKEN of an "authorization: Bearer TOKEN" value; nullopt when it is not of that form.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// The configured token a bearer value names, compared in constant time with every hash;
// null when none does.
const ApiToken* find_token(const std::vector<ApiToken>& tokens, std::string_view bearer);

}  // namespace bgpsentry
