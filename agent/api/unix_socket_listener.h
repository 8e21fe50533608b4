// A unix socket the API serves, whose connections are accepted here and handed to gRPC:
// each caller's uid, gid and pid are read from the socket (SO_PEERCRED) first, so that
// what a call does is recorded under the account that made it, not under a name the client
// claims. gRPC's own unix listener gives a call no such credentials. The socket gets its
// own mode and group (the read-only socket is for another group than the admin socket).
#pragma once

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "agent/core/result.h"

namespace bgpsentry {

struct PeerCredentials {
  uid_t uid = 0;
  gid_t gid = 0;
  pid_t pid = 0;
};

class UnixSocketListener {
 public:
  struct Options {
    std::string path;
    mode_t mode = 0660;
    std::optional<gid_t> group;  // the socket file's group; unset: the daemon's
  };

  // Binds and listens (removing a socket file a crashed daemon left); refuses a path
  // another live daemon serves.
  static Result<std::unique_ptr<UnixSocketListener>> open(Options options);
  ~UnixSocketListener();

  // Hands every connection accepted to `server` (which has no listening port of its own),
  // from a thread of its own, until stop().
  void start(grpc::Server& server);
  // Stops accepting and removes the socket file; connections handed over stay gRPC's.
  void stop();

  // The credentials of the connection a call came on, by the call's peer() ("fd:N"). A
  // connection's descriptor stays open while a call on it lives, so its number names it.
  std::optional<PeerCredentials> credentials(std::string_view peer) const;
  const std::string& path() const { return options_.path; }

 private:
  UnixSocketListener(Options options, int fd);
  void run(grpc::Server& server);

  const Options options_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // an eventfd: stop() wakes the accepting thread
  mutable std::mutex mu_;
  std::map<int, PeerCredentials> by_fd_;
  std::thread thread_;
};

}  // namespace bgpsentry
