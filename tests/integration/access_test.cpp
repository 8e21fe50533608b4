// The authorization matrix: every RPC × {no credentials, wrong token, viewer, operator,
// admin} × {unix socket, read-only unix socket, TCP with TLS, TCP with mTLS}, against the
// real daemon: exactly the calls the role allows succeed, the others get UNAUTHENTICATED
// or PERMISSION_DENIED.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <grp.h>
#include <grpcpp/generic/generic_stub.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "agent/api/access.h"
#include "bgpsentry/v1/admin.grpc.pb.h"
#include "bgpsentry/v1/alert.grpc.pb.h"
#include "bgpsentry/v1/config.grpc.pb.h"
#include "bgpsentry/v1/query.grpc.pb.h"
#include "integration/health.grpc.pb.h"
#include "tests/integration/daemon.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using test::Daemon;
using Channel = std::shared_ptr<grpc::Channel>;
using namespace std::chrono_literals;
namespace pb = bgpsentry::v1;

std::string hex(const Sha256& digest) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

struct Credential {
  std::string name, token;  // token empty: none
  Role role;                // kNone: not a valid token
};
const std::vector<Credential> kCredentials = {{"no credentials", "", Role::kNone},
                                              {"wrong token", "guessed", Role::kNone},
                                              {"viewer", "viewer-secret", Role::kViewer},
                                              {"operator", "operator-secret", Role::kOperator},
                                              {"admin", "admin-secret", Role::kAdmin}};

std::string tokens_yaml() {
  std::string out = "  tokens:\n";
  for (const auto& c : kCredentials)
    if (c.role != Role::kNone)
      out += "    - {name: " + c.name + ", role: " + to_string(c.role) + ", sha256: \"" +
             hex(sha256_of(c.token)) + "\"}\n";
  return out;
}

// One RPC with a valid request and the role it needs. `n` makes the request unique to a
// (transport, credential) cell, so that allowed changes never collide.
struct Rpc {
  std::string name;
  Role needed;
  std::function<grpc::Status(const Channel&, grpc::ClientContext&, int n)> call;
};

template <typename Response>
grpc::Status drain(std::unique_ptr<grpc::ClientReader<Response>> reader) {
  Response r;
  while (reader->Read(&r)) {
  }
  return reader->Finish();
}

std::string prefix_of(int n) {
  return "10." + std::to_string(n / 256) + "." + std::to_string(n % 256) + ".0/24";
}

std::vector<Rpc> all_rpcs() {
  std::vector<Rpc> rpcs;
  auto add = [&](const std::string& name, Role role, auto fn) {
    rpcs.push_back(Rpc{name, role, fn});
  };
  // AdminService
  add("GetStatus", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::GetStatusResponse r;
    return pb::AdminService::NewStub(ch)->GetStatus(&cx, {}, &r);
  });
  add("SetLogLevel", Role::kAdmin, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::SetLogLevelRequest q;
    q.set_level("info");
    pb::SetLogLevelResponse r;
    return pb::AdminService::NewStub(ch)->SetLogLevel(&cx, q, &r);
  });
  add("ListAudit", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListAuditResponse r;
    return pb::AdminService::NewStub(ch)->ListAudit(&cx, {}, &r);
  });
  // AlertService
  add("ListAlerts", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListAlertsResponse r;
    return pb::AlertService::NewStub(ch)->ListAlerts(&cx, {}, &r);
  });
  add("WatchAlerts", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::WatchAlertsRequest q;
    q.set_from_id(0);
    cx.set_deadline(std::chrono::system_clock::now() + 300ms);
    auto st = drain(pb::AlertService::NewStub(ch)->WatchAlerts(&cx, q));
    // A stream that was let in runs until the deadline.
    return st.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ? grpc::Status::OK : st;
  });
  add("ListEvents", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListEventsResponse r;
    return pb::AlertService::NewStub(ch)->ListEvents(&cx, {}, &r);
  });
  add("GetEvent", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::GetEventRequest q;
    q.set_id(1);
    pb::GetEventResponse r;
    return pb::AlertService::NewStub(ch)->GetEvent(&cx, q, &r);
  });
  add("AcknowledgeEvent", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::AcknowledgeEventRequest q;
    q.set_id(1);
    pb::AcknowledgeEventResponse r;
    return pb::AlertService::NewStub(ch)->AcknowledgeEvent(&cx, q, &r);
  });
  add("CreateSilence", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int n) {
    pb::CreateSilenceRequest q;
    q.set_prefix(prefix_of(n));
    q.set_duration_seconds(60);
    pb::CreateSilenceResponse r;
    return pb::AlertService::NewStub(ch)->CreateSilence(&cx, q, &r);
  });
  add("ListSilences", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListSilencesResponse r;
    return pb::AlertService::NewStub(ch)->ListSilences(&cx, {}, &r);
  });
  add("DeleteSilence", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int n) {
    // The silence CreateSilence made in this cell: the newest one of that prefix.
    pb::ListSilencesResponse list;
    {
      grpc::ClientContext lc;
      lc.AddMetadata("authorization", "Bearer admin-secret");
      if (auto st = pb::AlertService::NewStub(ch)->ListSilences(&lc, {}, &list); !st.ok())
        return st;
    }
    pb::DeleteSilenceRequest q;
    q.set_id(1000000);  // none: NOT_FOUND where the call is let in
    for (const auto& s : list.silences())
      if (s.prefix() == prefix_of(n)) q.set_id(s.id());
    pb::DeleteSilenceResponse r;
    return pb::AlertService::NewStub(ch)->DeleteSilence(&cx, q, &r);
  });
  add("SendTestAlert", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::SendTestAlertResponse r;
    return pb::AlertService::NewStub(ch)->SendTestAlert(&cx, {}, &r);
  });
  add("RedeliverAlerts", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::RedeliverAlertsRequest q;
    q.set_sink("file");
    q.set_from_id(1);
    pb::RedeliverAlertsResponse r;
    return pb::AlertService::NewStub(ch)->RedeliverAlerts(&cx, q, &r);
  });
  // QueryService
  add("ListUpdates", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListUpdatesRequest q;
    q.set_prefix("208.65.153.0/24");
    q.set_limit(5);
    return drain(pb::QueryService::NewStub(ch)->ListUpdates(&cx, q));
  });
  add("ExportMrt", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListUpdatesRequest q;
    q.set_prefix("208.65.153.0/24");
    q.set_limit(5);
    return drain(pb::QueryService::NewStub(ch)->ExportMrt(&cx, q));
  });
  add("GetRoute", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::GetRouteRequest q;
    q.set_prefix("208.65.153.0/24");
    pb::RouteView r;
    return pb::QueryService::NewStub(ch)->GetRoute(&cx, q, &r);
  });
  add("LookupAddress", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::LookupAddressRequest q;
    q.set_address("208.65.153.238");
    pb::RouteView r;
    return pb::QueryService::NewStub(ch)->LookupAddress(&cx, q, &r);
  });
  add("CheckIrr", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::CheckIrrRequest q;
    q.set_prefix("208.65.153.0/24");
    q.set_asn(17557);
    pb::IrrCheckResult r;
    return pb::QueryService::NewStub(ch)->CheckIrr(&cx, q, &r);
  });
  add("GeneratePrefixes", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::GeneratePrefixesRequest q;
    q.add_asns(36561);
    pb::GeneratePrefixesResponse r;
    return pb::QueryService::NewStub(ch)->GeneratePrefixes(&cx, q, &r);
  });
  // ConfigService
  add("ListPrefixes", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListPrefixesResponse r;
    return pb::ConfigService::NewStub(ch)->ListPrefixes(&cx, {}, &r);
  });
  add("GetPrefix", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::GetPrefixRequest q;
    q.set_prefix("208.65.152.0/22");
    pb::GetPrefixResponse r;
    return pb::ConfigService::NewStub(ch)->GetPrefix(&cx, q, &r);
  });
  add("AddPrefix", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int n) {
    pb::AddPrefixRequest q;
    q.mutable_prefix()->set_prefix(prefix_of(n));
    q.mutable_prefix()->add_asns(64500);
    pb::AddPrefixResponse r;
    return pb::ConfigService::NewStub(ch)->AddPrefix(&cx, q, &r);
  });
  add("UpdatePrefix", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int n) {
    pb::UpdatePrefixRequest q;
    q.mutable_prefix()->set_prefix(prefix_of(n));
    q.mutable_prefix()->add_asns(64501);
    pb::UpdatePrefixResponse r;
    return pb::ConfigService::NewStub(ch)->UpdatePrefix(&cx, q, &r);
  });
  add("RemovePrefix", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int n) {
    pb::RemovePrefixRequest q;
    q.set_prefix(prefix_of(n));
    pb::RemovePrefixResponse r;
    return pb::ConfigService::NewStub(ch)->RemovePrefix(&cx, q, &r);
  });
  add("ListAsns", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListAsnsResponse r;
    return pb::ConfigService::NewStub(ch)->ListAsns(&cx, {}, &r);
  });
  add("AddAsn", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int n) {
    pb::AddAsnRequest q;
    q.mutable_asn()->set_asn(64600 + n);
    pb::AddAsnResponse r;
    return pb::ConfigService::NewStub(ch)->AddAsn(&cx, q, &r);
  });
  add("RemoveAsn", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int n) {
    pb::RemoveAsnRequest q;
    q.set_asn(64600 + n);
    pb::RemoveAsnResponse r;
    return pb::ConfigService::NewStub(ch)->RemoveAsn(&cx, q, &r);
  });
  add("ImportPrefixes", Role::kOperator, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ImportPrefixesRequest q;
    q.set_yaml("208.65.152.0/22:\n  description: YouTube\n  asn: 36561\n");
    pb::ImportPrefixesResponse r;
    return pb::ConfigService::NewStub(ch)->ImportPrefixes(&cx, q, &r);
  });
  add("ExportPrefixes", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ExportPrefixesResponse r;
    return pb::ConfigService::NewStub(ch)->ExportPrefixes(&cx, {}, &r);
  });
  add("ValidateConfig(prefixes_yaml)", Role::kViewer,
      [](const Channel& ch, grpc::ClientContext& cx, int) {
        pb::ValidateConfigRequest q;
        q.set_prefixes_yaml("192.0.2.0/24:\n  asn: 1\n");
        pb::ValidateConfigResponse r;
        return pb::ConfigService::NewStub(ch)->ValidateConfig(&cx, q, &r);
      });
  add("ValidateConfig(config_path)", Role::kAdmin,
      [](const Channel& ch, grpc::ClientContext& cx, int) {
        pb::ValidateConfigRequest q;
        q.set_config_path("");
        pb::ValidateConfigResponse r;
        return pb::ConfigService::NewStub(ch)->ValidateConfig(&cx, q, &r);
      });
  add("ReloadConfig", Role::kAdmin, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ReloadConfigResponse r;
    return pb::ConfigService::NewStub(ch)->ReloadConfig(&cx, {}, &r);
  });
  add("ListRevisions", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::ListRevisionsResponse r;
    return pb::ConfigService::NewStub(ch)->ListRevisions(&cx, {}, &r);
  });
  add("GetRevision", Role::kViewer, [](const Channel& ch, grpc::ClientContext& cx, int) {
    pb::GetRevisionRequest q;
    q.set_id(1);
    pb::GetRevisionResponse r;
    return pb::ConfigService::NewStub(ch)->GetRevision(&cx, q, &r);
  });
  return rpcs;
}

enum class Transport { kUnix, kReadOnly, kTls, kMtls };

// The role a credential has on a transport; nullopt: not authenticated.
std::optional<Role> effective_role(Transport t, const Credential& c) {
  if (!c.token.empty() && c.role == Role::kNone) return std::nullopt;  // unknown token
  Role role = c.role;
  if (c.token.empty()) {
    if (t == Transport::kTls || t == Transport::kMtls) return std::nullopt;
    role = t == Transport::kUnix ? Role::kAdmin : Role::kViewer;
  }
  if (t == Transport::kReadOnly) role = std::min(role, Role::kViewer);
  return role;
}

Channel tls_channel(const test::TempDir& pki, int port, bool client_cert,
                    const std::string& client = "client") {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = test::read_file(pki / "ca.pem");
  if (client_cert) {
    tls.pem_cert_chain = test::read_file(pki / (client + ".pem"));
    tls.pem_private_key = test::read_file(pki / (client + ".key"));
  }
  return grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::SslCredentials(tls));
}

// api.tcp on 127.0.0.1:`port` with the test PKI's server certificate; `mtls`: clients need
// one from its CA.
std::string tcp_yaml(const test::TempDir& pki, int port, bool mtls) {
  return "  tcp:\n    listen: 127.0.0.1:" + std::to_string(port) +
         "\n    tls: {cert: " + (pki / "server.pem") + ", key: " + (pki / "server.key") +
         (mtls ? ", client_ca: " + (pki / "ca.pem") : "") + "}\n";
}

// How the audit trail names this test's own account on a unix socket: "root [uid 0]".
std::string this_account() {
  const passwd* me = ::getpwuid(::getuid());
  return (me ? std::string(me->pw_name) + " " : "") + "[uid " + std::to_string(::getuid()) + "]";
}

// What a daemon the matrix runs against needs beyond the defaults: irr.files, so that
// CheckIrr answers (rather than FAILED_PRECONDITION) where the role lets it in.
std::string matrix_config() {
  return "irr:\n  files: [" + test::source_dir() + "/tests/data/irr/radb.db]\n";
}

void check_matrix(Transport transport, const Channel& channel, int& cell) {
  static const char* names[] = {"unix", "read-only unix", "TLS", "mTLS"};
  const auto rpcs = all_rpcs();
  for (const auto& cred : kCredentials) {
    const int n = cell++;
    const auto role = effective_role(transport, cred);
    for (const auto& rpc : rpcs) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + 2s);
      if (!cred.token.empty()) context.AddMetadata("authorization", "Bearer " + cred.token);
      const grpc::Status st = rpc.call(channel, context, n);
      const grpc::StatusCode expected = !role                ? grpc::StatusCode::UNAUTHENTICATED
                                        : *role < rpc.needed ? grpc::StatusCode::PERMISSION_DENIED
                                                             : grpc::StatusCode::OK;
      EXPECT_EQ(st.error_code(), expected)
          << names[static_cast<int>(transport)] << " × " << cred.name << " × " << rpc.name << ": "
          << st.error_message();
    }
  }
}

TEST(Access, EveryRpcByEveryRoleOnEveryTransport) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir pki;
  test::make_test_pki(pki);
  const int tls_port = test::free_loopback_port();
  const std::string tls = tcp_yaml(pki, tls_port, false);
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)}, test::kYoutubePrefixes, "",
                matrix_config(), "mrt",
                "  readonly_socket: ./var/api-ro.sock\n" + tls + tokens_yaml());
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  int cell = 0;
  check_matrix(Transport::kUnix,
               grpc::CreateChannel("unix:" + daemon.socket(), grpc::InsecureChannelCredentials()),
               cell);
  check_matrix(Transport::kReadOnly,
               grpc::CreateChannel("unix:" + dir.path() + "/var/api-ro.sock",
                                   grpc::InsecureChannelCredentials()),
               cell);
  check_matrix(Transport::kTls, tls_channel(pki, tls_port, false), cell);

  // The read-only socket is 0660 too.
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() + "/var/api-ro.sock").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0660u);
  // A token is never written to the log.
  for (const auto& c : kCredentials) {
    if (c.token.empty()) continue;
    EXPECT_EQ(daemon.log().find(c.token), std::string::npos) << c.token;
  }
  // Who made a change is the token's name.
  auto revisions = daemon.ctl({"config", "revisions", "-o", "json"});
  EXPECT_NE(revisions.out.find("token operator (tcp)"), std::string::npos) << revisions.out;
  // Over a unix socket, with the account that presented it, from the socket.
  EXPECT_NE(revisions.out.find("token operator " + this_account() + " (unix socket)"),
            std::string::npos)
      << revisions.out;
  // The audit trail holds every mutating call let in or refused by role, under the caller's
  // name; calls without a valid token are only logged (anyone could fill the store).
  auto audit = daemon.ctl({"audit", "--limit", "0", "-o", "json"});
  ASSERT_EQ(audit.exit_code, 0);
  const auto records = test::split_lines(audit.out);
  EXPECT_NE(
      audit.out.find(
          R"x("who":"token viewer (tcp)","action":"SendTestAlert","outcome":"PERMISSION_DENIED)x"),
      std::string::npos);
  EXPECT_NE(
      audit.out.find(R"x("who":"token operator (tcp)","action":"SendTestAlert","outcome":"OK")x"),
      std::string::npos);
  EXPECT_NE(
      audit.out.find(
          R"x("who":"token admin )x" + this_account() +
          R"x( (read-only unix socket)","action":"SetLogLevel info","outcome":"PERMISSION_DENIED)x"),
      std::string::npos);
  EXPECT_EQ(audit.out.find("unknown token"), std::string::npos);
  EXPECT_EQ(audit.out.find("no token"), std::string::npos);
  // 13 mutating RPCs × the cells with a known caller: on each unix socket 4 (no token is
  // the socket's user; the wrong token is refused unrecorded), over TLS 3 (a token each).
  EXPECT_EQ(records.size(), 13u * (4 + 4 + 3)) << audit.out.substr(0, 2000);
}

TEST(Access, MutualTlsNeedsAClientCertificateFromTheConfiguredCa) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir pki;
  test::make_test_pki(pki);
  const int port = test::free_loopback_port();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)}, test::kYoutubePrefixes, "",
                matrix_config(), "mrt", tcp_yaml(pki, port, true) + tokens_yaml());
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  int cell = 100;
  check_matrix(Transport::kMtls, tls_channel(pki, port, true), cell);
  for (const auto& channel :
       {tls_channel(pki, port, false), tls_channel(pki, port, true, "other-client")}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 3s);
    context.AddMetadata("authorization", "Bearer admin-secret");
    pb::GetStatusResponse r;
    const auto st = pb::AdminService::NewStub(channel)->GetStatus(&context, {}, &r);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << st.error_message();
  }
  // bgpctl over mTLS with a token file.
  std::ofstream(dir / "token") << "viewer-secret\n";
  auto r = test::run_command({test::bgpctl(), "--server", "127.0.0.1:" + std::to_string(port),
                              "--tls-ca", pki / "ca.pem", "--cert", pki / "client.pem", "--key",
                              pki / "client.key", "--token-file", dir / "token", "status"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = test::run_command({test::bgpctl(), "--server", "127.0.0.1:" + std::to_string(port),
                         "--tls-ca", pki / "ca.pem", "--cert", pki / "client.pem", "--key",
                         pki / "client.key", "--token-file", dir / "token", "log-level", "debug"});
  EXPECT_EQ(r.exit_code, 77);
  EXPECT_NE(r.err.find("admin role needed; token viewer (tcp) has viewer"), std::string::npos)
      << r.err;
}

// The daemon's resident memory now (VmRSS) and at its peak (VmHWM), in kB.
std::pair<long, long> rss_kb(pid_t pid) {
  const std::string status = test::read_file("/proc/" + std::to_string(pid) + "/status");
  auto field = [&](const char* name) {
    const size_t at = status.find(name);
    return at == std::string::npos ? -1L : std::stol(status.substr(at + std::strlen(name)));
  };
  return {field("VmRSS:"), field("VmHWM:")};
}

// Defect 6: 60 connections x 5 concurrent 16 MB ImportPrefixes without a token. Each call
// was refused only once its message was read (auth in the service, a 17 MiB receive limit
// for every method, no quota): RSS peaked at 1.8 GB and kept 1.4 GB. Now refused before the
// request is read; the agent stays small and an admin's status answers at once throughout.
TEST(Access, AnUnauthenticatedFloodOverTcpIsRefusedBeforeItIsRead) {
  test::TempDir pki;
  test::make_test_pki(pki);
  const int port = test::free_loopback_port();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)}, test::kYoutubePrefixes, "", "", "mrt",
                tcp_yaml(pki, port, false) + tokens_yaml());
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  const long rss_before = rss_kb(daemon.pid()).first;

  // One 16 MB request shared by every call (a ByteBuffer's slices are counted, not copied).
  std::string request;
  {
    pb::ImportPrefixesRequest import;
    import.set_yaml(std::string(16 << 20, '#'));
    request = import.SerializeAsString();
  }
  grpc::Slice slice(request);
  const grpc::ByteBuffer shared(&slice, 1);
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = test::read_file(pki / "ca.pem");
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer response;
    grpc::Status status;
    std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  };
  grpc::CompletionQueue cq;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  std::vector<std::unique_ptr<Call>> calls;
  for (int c = 0; c < 60; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", c);  // a connection each
    args.SetMaxSendMessageSize(-1);
    stubs.push_back(std::make_unique<grpc::GenericStub>(grpc::CreateCustomChannel(
        "127.0.0.1:" + std::to_string(port), grpc::SslCredentials(tls), args)));
    for (int i = 0; i < 5; ++i) {
      auto& call = calls.emplace_back(std::make_unique<Call>());
      call->context.set_deadline(std::chrono::system_clock::now() + 60s);
      call->reader = stubs.back()->PrepareUnaryCall(
          &call->context, "/bgpsentry.v1.ConfigService/ImportPrefixes", shared, &cq);
      call->reader->StartCall();
      call->reader->Finish(&call->response, &call->status, call.get());
    }
  }
  // While they run: an admin on the unix socket is answered within a second, every time.
  std::atomic<size_t> finished{0};
  std::thread drain([&] {
    void* tag = nullptr;
    bool ok = false;
    while (finished < calls.size() && cq.Next(&tag, &ok)) ++finished;
  });
  long peak_during = 0;
  auto slowest = std::chrono::steady_clock::duration::zero();
  auto admin = pb::AdminService::NewStub(
      grpc::CreateChannel("unix:" + daemon.socket(), grpc::InsecureChannelCredentials()));
  for (int i = 0; i < 20 && finished < calls.size(); ++i) {
    const auto start = std::chrono::steady_clock::now();
    grpc::ClientContext context;
    pb::GetStatusResponse status;
    EXPECT_TRUE(admin->GetStatus(&context, {}, &status).ok());
    slowest = std::max(slowest, std::chrono::steady_clock::now() - start);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    peak_during = std::max(peak_during, rss_kb(daemon.pid()).first);
    std::this_thread::sleep_for(100ms);
  }
  drain.join();
  cq.Shutdown();
  for (const auto& call : calls)
    EXPECT_EQ(call->status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << call->status.error_message();
  const auto [now, peak] = rss_kb(daemon.pid());
  std::printf("flood: agent RSS %ld kB before, peak %ld kB, %ld kB after; slowest status %lld ms\n",
              rss_before, peak, now,
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count()));
  EXPECT_LT(peak, 300 * 1024) << "before " << rss_before << " kB, during " << peak_during
                              << " kB, now " << now << " kB";
  // Nothing of it reached the audit trail or the config: refused before any service ran.
  EXPECT_EQ(daemon.ctl({"audit", "-o", "json"}).out, "");
  EXPECT_EQ(daemon.status().monitored_prefixes(), 3u);
  // Health stays open to probes without a token.
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::SslCredentials(tls)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 5s);
  grpc::health::v1::HealthCheckResponse answer;
  EXPECT_TRUE(health->Check(&context, {}, &answer).ok());
}

// Defect 7: the unix socket recorded whatever name a client sent ("alice" from root was
// "alice (unix socket)"), and the read-only socket had the admin socket's mode and group.
// Now the uid comes from the socket, a claimed name is kept beside it, and each socket has
// its own mode and group: a low-privilege account reaches the read-only socket only.
TEST(Access, UnixCallersAreRecordedByTheirUidAndEachSocketHasItsOwnModeAndGroup) {
  const group* nogroup = ::getgrnam("nogroup");
  ASSERT_NE(nogroup, nullptr) << "Debian's nogroup (gid 65534)";
  test::TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);  // so that another account can reach in
  Daemon daemon(dir, {test::shared_data(test::kYoutube)}, test::kYoutubePrefixes, "", "", "mrt",
                "  readonly_socket: ./run/api-ro.sock\n  readonly_socket_mode: \"0666\"\n"
                "  readonly_socket_group: nogroup\n");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  const std::string ro = dir / "run/api-ro.sock";
  struct stat st {};
  ASSERT_EQ(::stat(daemon.socket().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0660u);
  EXPECT_EQ(st.st_gid, ::getgid());
  ASSERT_EQ(::stat(ro.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0666u);
  EXPECT_EQ(st.st_gid, nogroup->gr_gid);

  // A claimed name is kept, marked as claimed, beside the uid the socket tells.
  auto channel = grpc::CreateChannel("unix:" + daemon.socket(), grpc::InsecureChannelCredentials());
  {
    grpc::ClientContext context;
    context.AddMetadata("x-bgpsentry-user", "alice");
    pb::SetLogLevelRequest req;
    req.set_level("info");
    pb::SetLogLevelResponse resp;
    ASSERT_TRUE(pb::AdminService::NewStub(channel)->SetLogLevel(&context, req, &resp).ok());
  }
  const std::string me = this_account();
  const std::string claimed = me.substr(0, me.size() - 1) + ", claims alice]";
  auto audit = daemon.ctl({"audit", "-o", "json"});
  EXPECT_NE(audit.out.find("\"who\":\"" + claimed + " (unix socket)\""), std::string::npos)
      << audit.out;
  EXPECT_EQ(audit.out.find("\"who\":\"alice (unix socket)\""), std::string::npos);

  // Another account (nobody): the admin socket refuses it at connect, the read-only one lets
  // it read and records its attempt to change something under its own uid.
  if (::getuid() != 0) GTEST_SKIP() << "needs root to run a client as nobody";
  const passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  auto as_nobody = [&](std::vector<std::string> args) {
    const pid_t child = ::fork();
    if (child == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      if (::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0) ::_exit(126);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  // A copy of bgpctl nobody can run wherever the build is (a checkout under /root is not).
  const std::string bgpctl = dir / "bgpctl";
  std::filesystem::copy_file(test::bgpctl(), bgpctl);
  ASSERT_EQ(::chmod(bgpctl.c_str(), 0755), 0);
  EXPECT_EQ(as_nobody({bgpctl, "--socket", daemon.socket(), "status"}), 69)
      << "cannot connect: the admin socket is 0660 for the daemon's group";
  EXPECT_EQ(as_nobody({bgpctl, "--socket", ro, "status"}), 0);
  EXPECT_EQ(as_nobody({bgpctl, "--socket", ro, "log-level", "debug"}), 77);
  audit = daemon.ctl({"audit", "-o", "json"});
  EXPECT_NE(audit.out.find("\"who\":\"nobody [uid " + std::to_string(nobody->pw_uid) +
                           "] (read-only unix socket)\",\"action\":\"SetLogLevel debug\","
                           "\"outcome\":\"PERMISSION_DENIED"),
            std::string::npos)
      << audit.out;
}

}  // namespace
}  // namespace bgpsentry
