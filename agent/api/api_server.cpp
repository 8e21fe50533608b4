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

// Over TCP every call but the health check needs a known token, and this says so before
// the call reaches a service, so before its request is read: an unauthenticated caller
// cannot make the agent hold a 16 MiB message (60 connections of 5 such calls each took it
// to 1.8 GB when the services checked). Roles are still checked by each service.
class TokenCheck : public grpc::AuthMetadataProcessor {
 public:
  explicit TokenCheck(std::shared_ptr<const std::vector<ApiToken>> tokens)
      : tokens_(std::move(tokens)) {}
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& metadata, grpc::AuthContext*, OutputMetadata*,
                       OutputMetadata*) override {
    constexpr std::string_view kHealth = "/grpc.health.v1.Health/";
    const auto path = metadata.find(":path");
    if (path != metadata.end() &&
        std::string_view(path->second.data(), path->second.size()).substr(0, kHealth.size()) ==
            kHealth)
      return grpc::Status::OK;  // probes
    const auto auth = metadata.find(kAuthorizationKey);
    if (auth == metadata.end())
      return {grpc::StatusCode::UNAUTHENTICATED,
              "a token is required over tcp (authorization: Bearer TOKEN)"};
    const auto token = bearer_token(std::string_view(auth->second.data(), auth->second.size()));
    if (!token || !find_token(*tokens_, *token))
      return {grpc::StatusCode::UNAUTHENTICATED, "unknown token"};
    return grpc::Status::OK;
  }

 private:
  std::shared_ptr<const std::vector<ApiToken>> tokens_;
};

std::shared_ptr<grpc::ServerCredentials> tls_credentials(
    const ApiConfig& c, std::shared_ptr<const std::vector<ApiToken>> tokens) {
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
  auto credentials = grpc::experimental::TlsServerCredentials(options);
  credentials->SetAuthMetadataProcessor(std::make_shared<TokenCheck>(std::move(tokens)));
  return credentials;
}

// What every listener allows a connection, whoever is on the other end.
void limit_connections(grpc::ServerBuilder& builder, grpc::ResourceQuota& quota) {
  builder.SetResourceQuota(quota);
  // Calls at once on one connection (HTTP/2's advised minimum; an orchestrator multiplexes
  // its alert streams over a few connections).
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 100);
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
  // A connection with no call for 5 minutes is closed (clients reconnect when they call).
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, 5 * 60 * 1000);
  // Peers that vanished are found by pings; a client pinging more often than every 5
  // minutes without calls is cut after two strikes.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 5 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
}

}  // namespace

struct ApiServer::Endpoint {
  Endpoint(Listener listener, std::string address, const ApiBackends& b, Auditor& audit,
           StreamGuard& streams, std::shared_ptr<const std::vector<ApiToken>> tokens)
      : address(std::move(address)),
        quota("bgpsentry-api-" + std::to_string(static_cast<int>(listener))),
        access(listener, std::move(tokens)),
        admin(access, audit, b.audit, b.status),
        alerts(access, audit, streams, b.alerts, b.events, b.hub, b.silences, b.sinks, b.prefixes),
        query(access, b.history, b.irr),
        config(access, audit, b.prefixes, b.revisions, b.config_file, b.reload, b.load_config) {}
  bool unix_socket() const { return access.listener() != Listener::kTcp; }

  std::string address;                         // a socket path, or host:port
  std::unique_ptr<UnixSocketListener> socket;  // unix listeners: connections accepted here
  // What requests and responses in flight on this listener may hold, and the threads its
  // synchronous calls may run on: one per listener, so that a flood on one (a viewer's
  // token over TCP) cannot lock the admin out of the unix socket.
  grpc::ResourceQuota quota;
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
    const bool read_only = e.access.listener() == Listener::kReadOnlyUnix;
    auto socket = UnixSocketListener::open(
        {e.address, read_only ? config_.readonly_socket_mode : config_.unix_socket_mode,
         read_only ? config_.readonly_socket_group : config_.unix_socket_group});
    if (!socket) return Error{socket.error()};
    e.socket = std::move(*socket);
    e.access.set_socket(e.socket.get());
    // Viewers' calls are small; a prefixes file to import or validate is the largest request
    // an admin or operator sends (16 MiB).
    builder.SetMaxReceiveMessageSize(read_only ? 4 << 20 : 17 << 20);
  } else {
    builder.AddListeningPort(e.address, tls_credentials(config_, tokens_));
    // Unauthenticated calls are refused before their request is read (TokenCheck).
    builder.SetMaxReceiveMessageSize(17 << 20);
    // What a stream may send before its call is let in: a fixed 256 KiB window, not one
    // that grows with the link's bandwidth-delay product (to 16 MB per stream), so that 300
    // refused calls in flight cannot make the agent buffer gigabytes first. A 16 MiB import
    // over a 50 ms path then takes ~3 s.
    builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 256 * 1024);
  }
  e.quota.Resize(config_.max_memory_bytes);
  e.quota.SetMaxThreads(config_.max_threads);
  limit_connections(builder, e.quota);
  builder.RegisterService(&e.admin);
  builder.RegisterService(&e.alerts);
  builder.RegisterService(&e.query);
  builder.RegisterService(&e.config);
  e.server = builder.BuildAndStart();
  if (!e.server)
    return Error{"cannot listen on " + std::string(e.unix_socket() ? "unix:" : "") + e.address};
  if (e.socket) e.socket->start(*e.server);
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
    if (e->socket) e->socket->stop();  // no new connections
    if (!e->server) continue;
    e->alerts.shutdown();
    e->server->GetHealthCheckService()->SetServingStatus(false);
    e->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  }
  for (auto& e : endpoints_) {
    if (!e->server) continue;
    e->server->Wait();
    e->server.reset();
  }
  endpoints_.clear();
}

}  // namespace bgpsentry
