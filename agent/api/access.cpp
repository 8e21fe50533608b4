#include "agent/api/access.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <pwd.h>

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

// A login name as the client gave it: printable and short; empty when it gave none.
std::string claimed_user(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kCallerUserKey);
  if (it == metadata.end()) return "";
  std::string user;
  for (char c : std::string_view(it->second.data(), std::min<size_t>(it->second.size(), 64)))
    user.push_back(c > 0x20 && c < 0x7f ? c : '?');
  return user;
}

// The account's login name, or "" when the uid has none.
std::string login_name(uid_t uid) {
  passwd entry{};
  passwd* found = nullptr;
  char buffer[4096];
  if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &found) != 0 || !found) return "";
  return found->pw_name;
}

// "alice [uid 1000]", "root [uid 0, claims alice]", "[uid 4242]".
std::string unix_caller(const PeerCredentials& cred, const std::string& claimed) {
  const std::string name = login_name(cred.uid);
  std::string out = name.empty() ? "" : name + " ";
  out += "[uid " + std::to_string(cred.uid);
  if (!claimed.empty() && claimed != name) out += ", claims " + claimed;
  return out + "]";
}

}  // namespace

Sha256 sha256_of(std::string_view data) {
  Sha256 out{};
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr);
  return out;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  if (authorization.substr(0, kBearer.size()) != kBearer) return std::nullopt;
  return authorization.substr(kBearer.size());
}

const ApiToken* find_token(const std::vector<ApiToken>& tokens, std::string_view bearer) {
  const auto digest = sha256_of(bearer);
  // Every configured hash compared in constant time: timing tells nothing.
  const ApiToken* match = nullptr;
  for (const auto& t : tokens)
    if (CRYPTO_memcmp(t.sha256.data(), digest.data(), digest.size()) == 0) match = &t;
  return match;
}

grpc::Status AccessPolicy::identify(const grpc::ServerContextBase& context, Caller& c) const {
  const std::string where = listener_name(listener_);
  // A unix socket caller is the account on the other end of the socket, token or not.
  std::string account;
  if (listener_ != Listener::kTcp) {
    const auto cred = socket_ ? socket_->credentials(context.peer()) : std::nullopt;
    if (!cred) {
      c.who = "unknown peer (" + where + ")";
      return {grpc::StatusCode::UNAUTHENTICATED, "no credentials for this connection"};
    }
    account = unix_caller(*cred, claimed_user(context));
  }
  const auto& metadata = context.client_metadata();
  auto auth = metadata.find(kAuthorizationKey);
  if (auth != metadata.end()) {
    const auto token = bearer_token(std::string_view(auth->second.data(), auth->second.size()));
    const std::string by = account.empty() ? "" : " " + account;
    if (!token) {
      c.who = "malformed authorization" + by + " (" + where + ")";
      return {grpc::StatusCode::UNAUTHENTICATED, "authorization: expected 'Bearer TOKEN'"};
    }
    const ApiToken* match = find_token(*tokens_, *token);
    if (!match) {
      c.who = "unknown token" + by + " (" + where + ")";
      return {grpc::StatusCode::UNAUTHENTICATED, "unknown token"};
    }
    c.role = match->role;
    c.who = "token " + match->name + by + " (" + where + ")";
  } else if (listener_ == Listener::kTcp) {
    c.who = "no token (" + where + ")";
    return {grpc::StatusCode::UNAUTHENTICATED,
            "a token is required over tcp (authorization: Bearer TOKEN)"};
  } else {
    c.role = listener_ == Listener::kUnix ? Role::kAdmin : Role::kViewer;
    c.who = account + " (" + where + ")";
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
