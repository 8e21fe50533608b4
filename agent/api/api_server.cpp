#include "agent/api/api_server.h"

#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace bgpsentry {
namespace {

// A socket file left by a crashed daemon is removed; a live one means another daemon owns it.
Status clear_stale_socket(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return ok_status();
  if (!S_ISSOCK(st.st_mode)) return Error{path + " exists and is not a socket"};
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  const bool live = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  if (live) return Error{"another process is serving on " + path};
  if (::unlink(path.c_str()) != 0)
    return Error{"cannot remove stale socket " + path + ": " + std::strerror(errno)};
  return ok_status();
}

}  // namespace

ApiServer::ApiServer(std::string unix_socket, std::function<AgentStatus()> status,
                     const HistoryStore& history, AlertStore& alerts, const EventStore& events,
                     AlertHub& hub, ConfigServiceImpl& config)
    : socket_path_(std::move(unix_socket)),
      admin_(std::move(status)),
      alerts_(alerts, events, hub),
      query_(history),
      config_(config) {}

ApiServer::~ApiServer() {
  stop();
}

Status ApiServer::start() {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(socket_path_).parent_path(), ec);
  if (auto st = clear_stale_socket(socket_path_); !st) return st;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix:" + socket_path_, grpc::InsecureServerCredentials());
  builder.RegisterService(&admin_);
  builder.RegisterService(&alerts_);
  builder.RegisterService(&query_);
  builder.RegisterService(&config_);
  // A prefixes file to import is the largest request (ImportPrefixes allows 16 MiB).
  builder.SetMaxReceiveMessageSize(17 << 20);
  // The socket must never exist with wider permissions than 0660, not even briefly.
  const mode_t old_mask = ::umask(0117);
  server_ = builder.BuildAndStart();
  ::umask(old_mask);
  if (!server_) return Error{"cannot listen on unix:" + socket_path_};
  if (::chmod(socket_path_.c_str(), 0660) != 0)
    return Error{"cannot set mode 0660 on " + socket_path_ + ": " + std::strerror(errno)};
  server_->GetHealthCheckService()->SetServingStatus(true);
  spdlog::info("api listening on unix:{}", socket_path_);
  return ok_status();
}

void ApiServer::stop() {
  if (!server_) return;
  alerts_.shutdown();
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  server_->Wait();
  server_.reset();
  ::unlink(socket_path_.c_str());
}

}  // namespace bgpsentry
