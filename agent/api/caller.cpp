#include "agent/api/caller.h"

namespace bgpsentry {

std::string caller_of(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kCallerUserKey);
  std::string user;
  if (it != metadata.end()) {
    // A login name: printable, short. Anything else is not recorded as given.
    for (char c : std::string_view(it->second.data(), std::min<size_t>(it->second.size(), 64)))
      user.push_back(c > 0x20 && c < 0x7f ? c : '?');
  }
  const std::string peer = context.peer();
  const std::string transport = peer.rfind("unix:", 0) == 0 ? "unix socket" : peer;
  return (user.empty() ? "unnamed client" : user) + " (" + transport + ")";
}

}  // namespace bgpsentry
