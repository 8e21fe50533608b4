#include "agent/api/access.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>

namespace bgpsentry {
namespace {

constexpr std::string_view kBearer = "Bearer ";

std::string listener_name(Listener l) {
  switch (l) {
    case Listener::kUnix:
      return "unix socket";
    case Listener::kReadOnlyUnix:
      return "read-only unix socket";
    case Listener::kTcp:
      break;
  }
  return "tcp";
}

// A login name as the client gave it: printable and short, or not at all.
std::string claimed_user(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kCallerUserKey);
  if (it == metadata.end()) return "unnamed client";
  std::string user;
  for (char c : std::string_view(it->second.data(), std::min<size_t>(it->second.size(), 64)))
    user.push_back(c > 0x20 && c < 0x7f ? c : '?');
  return user.empty() ? "unnamed client" : user;
}

}  // namespace

Sha256 sha256_of(std::string_view data) {
  Sha256 out{};
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr);
  return out;
}

grpc::Status AccessPolicy::identify(const grpc::ServerContextBase& context, Caller& c) const {
  const std::string where = listener_name(listener_);
  const auto& metadata = context.client_metadata();
  auto auth = metadata.find(kAuthorizationKey);
  if (auth != metadata.end()) {
    const std::string_view value(auth->second.data(), auth->second.size());
    if (value.substr(0, kBearer.size()) != kBearer) {
      c.who = "malformed authorization (" + where + ")";
      return {grpc::StatusCode::UNAUTHENTICATED, "authorization: expected 'Bearer TOKEN'"};
    }
    const auto digest = sha256_of(value.substr(kBearer.size()));
    // Every configured hash compared in constant time: timing tells nothing.
    const ApiToken* match = nullptr;
    for (const auto& t : *tokens_)
      if (CRYPTO_memcmp(t.sha256.data(), digest.data(), digest.size()) == 0) match = &t;
    if (!match) {
      c.who = "unknown token (" + where + ")";
      return {grpc::StatusCode::UNAUTHENTICATED, "unknown token"};
    }
    c.role = match->role;
    c.who = "token " + match->name + " (" + where + ")";
  } else if (listener_ == Listener::kTcp) {
    c.who = "no token (" + where + ")";
    return {grpc::StatusCode::UNAUTHENTICATED,
            "a token is required over tcp (authorization: Bearer TOKEN)"};
  } else {
    c.role = listener_ == Listener::kUnix ? Role::kAdmin : Role::kViewer;
    c.who = claimed_user(context) + " (" + where + ")";
  }
  if (listener_ == Listener::kReadOnlyUnix) c.role = std::min(c.role, Role::kViewer);
  return grpc::Status::OK;
}

grpc::Status AccessPolicy::allow(const grpc::ServerContextBase& context, Role needed,
                                 Caller* caller) const {
  Caller c;
  grpc::Status st = identify(context, c);
  if (st.ok() && c.role < needed)
    st = {grpc::StatusCode::PERMISSION_DENIED,
          std::string(to_string(needed)) + " role needed; " + c.who + " has " + to_string(c.role)};
  if (caller) *caller = std::move(c);
  return st;
}

}  // namespace bgpsentry
