#include "agent/api/api_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "agent/core/thread_name.h"

namespace bgpsentry {
namespace {

// How often the TLS certificate, key and client CA files are read again: a renewed
// certificate is served without a restart, and open streams stay up.
constexpr unsigned kTlsRefreshSeconds = 5;

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

std::shared_ptr<grpc::ServerCredentials> tls_credentials(const ApiConfig& c) {
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      c.tls_key, c.tls_cert, c.tls_client_ca, kTlsRefreshSeconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!c.tls_client_ca.empty()) {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace

struct ApiServer::Endpoint {
  Endpoint(Listener listener, std::string address, const ApiBackends& b, Auditor& audit,
           StreamGuard& streams, std::shared_ptr<const std::vector<ApiToken>> tokens)
      : address(std::move(address)),
        access(listener, std::move(tokens)),
        admin(access, audit, b.audit, b.status),
        alerts(access, audit, streams, b.alerts, b.events, b.hub, b.silences, b.sinks, b.prefixes),
        query(access, b.history),
        config(access, audit, b.prefixes, b.revisions, b.config_file, b.reload) {}
  bool unix_socket() const { return access.listener() != Listener::kTcp; }

  std::string address;  // a socket path, or host:port
  AccessPolicy access;
  AdminServiceImpl admin;
  AlertServiceImpl alerts;
  QueryServiceImpl query;
  ConfigServiceImpl config;
  std::unique_ptr<grpc::Server> server;
};

ApiServer::ApiServer(ApiConfig config, ApiBackends backends)
    : config_(std::move(config)),
      backends_(std::move(backends)),
      auditor_(backends_.audit),
      streams_(config_.max_streams, std::chrono::seconds(config_.stalled_stream_seconds)),
      tokens_(std::make_shared<const std::vector<ApiToken>>(config_.tokens)) {}

ApiServer::~ApiServer() {
  stop();
}

Status ApiServer::start() {
  // A thread starts with its creator's nice value, and gRPC creates its threads (pollers,
  // executors, the callback API's) from the thread that starts the first server, or from
  // those threads later; the stream pumps are created here too. So everything the API runs
  // inherits api.nice (and the name bgps-api) from this one short-lived thread.
  Status result = ok_status();
  named_thread("bgps-api", [&] {
    const auto self = static_cast<id_t>(::gettid());
    errno = 0;
    const int own = ::getpriority(PRIO_PROCESS, self);  // -1 is a valid answer: check errno
    const int nice = std::min(19, (errno ? 0 : own) + config_.nice);
    if (::setpriority(PRIO_PROCESS, self, nice) != 0)
      spdlog::warn("api: cannot set nice {}: {}", nice, std::strerror(errno));
    result = start_endpoints();
  }).join();
  return result;
}

Status ApiServer::start_endpoints() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  endpoints_.push_back(std::make_unique<Endpoint>(Listener::kUnix, config_.unix_socket, backends_,
                                                  auditor_, streams_, tokens_));
  if (!config_.readonly_socket.empty())
    endpoints_.push_back(std::make_unique<Endpoint>(
        Listener::kReadOnlyUnix, config_.readonly_socket, backends_, auditor_, streams_, tokens_));
  if (!config_.tcp_listen.empty())
    endpoints_.push_back(std::make_unique<Endpoint>(Listener::kTcp, config_.tcp_listen, backends_,
                                                    auditor_, streams_, tokens_));
  for (auto& e : endpoints_)
    if (auto st = start_endpoint(*e); !st) return st;
  return ok_status();
}

Status ApiServer::start_endpoint(Endpoint& e) {
  grpc::ServerBuilder builder;
  if (e.unix_socket()) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(e.address).parent_path(), ec);
    if (auto st = clear_stale_socket(e.address); !st) return st;
    builder.AddListeningPort("unix:" + e.address, grpc::InsecureServerCredentials());
  } else {
    builder.AddListeningPort(e.address, tls_credentials(config_));
  }
  builder.RegisterService(&e.admin);
  builder.RegisterService(&e.alerts);
  builder.RegisterService(&e.query);
  builder.RegisterService(&e.config);
  // A prefixes file to import is the largest request (ImportPrefixes allows 16 MiB).
  builder.SetMaxReceiveMessageSize(17 << 20);
  // The socket must never exist with wider permissions than 0660, not even briefly.
  const mode_t old_mask = ::umask(0117);
  e.server = builder.BuildAndStart();
  ::umask(old_mask);
  if (!e.server)
    return Error{"cannot listen on " + std::string(e.unix_socket() ? "unix:" : "") + e.address};
  if (e.unix_socket() && ::chmod(e.address.c_str(), 0660) != 0)
    return Error{"cannot set mode 0660 on " + e.address + ": " + std::strerror(errno)};
  e.server->GetHealthCheckService()->SetServingStatus(true);
  spdlog::info("api listening on {}{}{}", e.unix_socket() ? "unix:" : "", e.address,
               e.access.listener() == Listener::kReadOnlyUnix ? " (read-only)"
               : e.access.listener() == Listener::kTcp
                   ? (config_.tls_client_ca.empty() ? " (TLS)" : " (TLS, client certificates)")
                   : "");
  return ok_status();
}

void ApiServer::stop() {
  for (auto& e : endpoints_) {
    if (!e->server) continue;
    e->alerts.shutdown();
    e->server->GetHealthCheckService()->SetServingStatus(false);
    e->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  }
  for (auto& e : endpoints_) {
    if (!e->server) continue;
    e->server->Wait();
    e->server.reset();
    if (e->unix_socket()) ::unlink(e->address.c_str());
  }
  endpoints_.clear();
}

}  // namespace bgpsentry
