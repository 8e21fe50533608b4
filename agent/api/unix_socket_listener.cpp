#include "agent/api/unix_socket_listener.h"

#include <fcntl.h>
#include <grpcpp/server_posix.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "agent/core/parse_number.h"
#include "agent/core/thread_name.h"

namespace bgpsentry {
namespace {

sockaddr_un address_of(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  return addr;
}

// A socket file left by a crashed daemon is removed; a live one means another daemon owns it.
Status clear_stale_socket(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return ok_status();
  if (!S_ISSOCK(st.st_mode)) return Error{path + " exists and is not a socket"};
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_un addr = address_of(path);
  const bool live = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  if (live) return Error{"another process is serving on " + path};
  if (::unlink(path.c_str()) != 0)
    return Error{"cannot remove stale socket " + path + ": " + std::strerror(errno)};
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<UnixSocketListener>> UnixSocketListener::open(Options options) {
  const std::string& path = options.path;
  if (path.size() >= sizeof(sockaddr_un::sun_path))
    return Error{"socket path longer than " + std::to_string(sizeof(sockaddr_un::sun_path) - 1) +
                 " bytes: " + path};
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (auto st = clear_stale_socket(path); !st) return Error{st.error()};
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return Error{std::string("cannot create a unix socket: ") + std::strerror(errno)};
  auto fail = [&](const std::string& what) {
    const std::string message = what + " " + path + ": " + std::strerror(errno);
    ::close(fd);
    return Error{message};
  };
  const sockaddr_un addr = address_of(path);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0)
    return fail("cannot bind");
  // Mode and group are set before listen(): until then a connect is refused, so no caller
  // ever reaches the socket through wider permissions than configured.
  if (options.group && ::chown(path.c_str(), static_cast<uid_t>(-1), *options.group) != 0)
    return fail("cannot set the group of");
  if (::chmod(path.c_str(), options.mode) != 0) return fail("cannot set the mode of");
  if (::listen(fd, 128) != 0) return fail("cannot listen on");
  return std::unique_ptr<UnixSocketListener>(new UnixSocketListener(std::move(options), fd));
}

UnixSocketListener::UnixSocketListener(Options options, int fd)
    : options_(std::move(options)), listen_fd_(fd), wake_fd_(::eventfd(0, EFD_CLOEXEC)) {}

UnixSocketListener::~UnixSocketListener() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void UnixSocketListener::start(grpc::Server& server) {
  thread_ = named_thread("bgps-api-accept", [this, &server] { run(server); });
}

void UnixSocketListener::stop() {
  if (listen_fd_ < 0) return;
  const uint64_t one = 1;
  if (::write(wake_fd_, &one, sizeof one) < 0)
    spdlog::warn("api: cannot wake the accepting thread: {}", std::strerror(errno));
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  ::unlink(options_.path.c_str());
}

void UnixSocketListener::run(grpc::Server& server) {
  pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      spdlog::error("api: poll on {}: {}", options_.path, std::strerror(errno));
      return;
    }
    if (fds[1].revents) return;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      // Out of descriptors: wait a little rather than spin on a connection still queued.
      if (errno == EMFILE || errno == ENFILE) ::poll(fds + 1, 1, 100);
      continue;
    }
    ucred cred{};
    socklen_t length = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) {
      spdlog::warn("api: no credentials for a connection on {}: {}", options_.path,
                   std::strerror(errno));
      ::close(fd);
      continue;
    }
    {
      // Before gRPC sees the connection: its first call finds the credentials.
      std::lock_guard lock(mu_);
      by_fd_[fd] = PeerCredentials{cred.uid, cred.gid, cred.pid};
    }
    grpc::AddInsecureChannelFromFd(&server, fd);
  }
}

std::optional<PeerCredentials> UnixSocketListener::credentials(std::string_view peer) const {
  constexpr std::string_view kPrefix = "fd:";
  if (peer.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  const auto fd = parse_u64(peer.substr(kPrefix.size()));
  if (!fd) return std::nullopt;
  std::lock_guard lock(mu_);
  const auto it = by_fd_.find(static_cast<int>(*fd));
  if (it == by_fd_.end()) return std::nullopt;
  return it->second;
}

}  // namespace bgpsentry
