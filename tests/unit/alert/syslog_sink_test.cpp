// The syslog sink against Debian's rsyslog on 127.0.0.1, configured here: it receives over
// UDP, TCP (octet counting), TLS (its certificate checked) and a local socket, and what it
// writes back out in RFC 5424 form carries the fields the sink sent (rsyslog re-parses each
// message: a line that were not valid RFC 5424 would lose its APP-NAME, MSGID and SD).
#include "agent/alert/sinks/syslog_sink.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/test_env.h"
#include "tests/unit/alert/sample_alerts.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(test::read_file(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// rsyslogd in the foreground: UDP, TCP and TLS inputs and a local socket, each written to
// its own file in rsyslog's RFC 5424 output template.
class Rsyslog {
 public:
  explicit Rsyslog(const test::TempDir& dir)
      : dir_(dir),
        udp_(test::free_loopback_port()),
        tcp_(test::free_loopback_port()),
        tls_(test::free_loopback_port()) {
    test::make_test_pki(dir);
    std::ofstream conf(dir / "rsyslog.conf");
    conf << "global(workDirectory=\"" << dir.path() << "\" maxMessageSize=\"64k\"\n"
         << "  DefaultNetstreamDriverCAFile=\"" << (dir / "ca.pem") << "\"\n"
         << "  DefaultNetstreamDriverCertFile=\"" << (dir / "server.pem") << "\"\n"
         << "  DefaultNetstreamDriverKeyFile=\"" << (dir / "server.key") << "\")\n"
         << "module(load=\"imuxsock\" SysSock.Use=\"off\")\n"
         << "module(load=\"imudp\")\n"
         << "module(load=\"imtcp\" MaxSessions=\"20\")\n";
    for (const char* name : {"udp", "tcp", "tls", "local"})
      conf << "ruleset(name=\"" << name << "\") { action(type=\"omfile\" file=\""
           << (dir / (std::string(name) + ".log"))
           << "\" template=\"RSYSLOG_SyslogProtocol23Format\") }\n";
    conf << "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" << udp_ << "\" ruleset=\"udp\")\n"
         << "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" << tcp_ << "\" ruleset=\"tcp\")\n"
         << "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" << tls_
         << "\" ruleset=\"tls\" StreamDriver.Name=\"ossl\" StreamDriver.Mode=\"1\""
         << " StreamDriver.AuthMode=\"anon\")\n"
         << "input(type=\"imuxsock\" Socket=\"" << (dir / "log") << "\" ruleset=\"local\")\n";
    conf.close();
    start();
  }
  void start() {
    process_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{test::rsyslogd_path(), "-n", "-f", dir_ / "rsyslog.conf", "-i",
                                 dir_ / "rsyslog.pid"},
        dir_ / "rsyslogd.out");
    // Ready when every input is: TCP and TLS accept, the UDP port is bound (a datagram sent
    // before is dropped unseen: a slow start under ASan lost the first test's two), the local
    // socket exists.
    for (int i = 0; i < 400 && !(test::loopback_port_open(tcp_) && test::loopback_port_open(tls_) &&
                                 udp_bound(udp_) && ::access((dir_ / "log").c_str(), F_OK) == 0);
         ++i)
      std::this_thread::sleep_for(25ms);
  }
  // Whether a socket is bound to 127.0.0.1:port over UDP (/proc/net/udp: "0100007F:PORT").
  static bool udp_bound(int port) {
    char local[32];
    std::snprintf(local, sizeof local, "0100007F:%04X", port);
    std::ifstream in("/proc/net/udp");
    for (std::string line; std::getline(in, line);)
      if (line.find(local) != std::string::npos) return true;
    return false;
  }
  void kill() {
    process_.reset();
    ::unlink((dir_ / "rsyslog.pid").c_str());
  }
  std::string address(const std::string& kind) const {
    if (kind == "unix") return "unix://" + dir_ / "log";
    const int port = kind == "udp" ? udp_ : kind == "tcp" ? tcp_ : tls_;
    return kind + "://127.0.0.1:" + std::to_string(port);
  }
  // The lines rsyslog wrote for `input`, once there are `count` (at most 10 s).
  std::vector<std::string> wait_lines(const std::string& input, size_t count) const {
    const std::string path = dir_ / (input + ".log");
    for (int i = 0; i < 400 && lines_of(path).size() < count; ++i)
      std::this_thread::sleep_for(25ms);
    return lines_of(path);
  }
  std::string log() const { return test::read_file(dir_ / "rsyslogd.out"); }

 private:
  const test::TempDir& dir_;
  int udp_, tcp_, tls_;
  std::unique_ptr<test::ChildProcess> process_;
};

SyslogSinkSettings settings_for(const std::string& address) {
  SyslogSinkSettings s;
  auto parsed = parse_syslog_address(address);
  EXPECT_TRUE(parsed) << parsed.error();
  if (parsed) s.address = *parsed;
  s.facility = *syslog_facility("local3");
  s.text_template = "${channel}: ${newprefix} by ${neworigin} (${description}, ${peers} peers)";
  s.timeout = 2s;
  return s;
}

// <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG
const std::regex kRfc5424(R"(^<(\d+)>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[.*\]) ?(.*)$)");

}  // namespace

TEST(SyslogSink, RsyslogReceivesOverUdpTcpTlsAndTheLocalSocket) {
  test::TempDir dir;
  Rsyslog rsyslog(dir);
  Alert started = test::youtube_hijack();
  Alert ended = started;
  ended.id = 8;
  ended.notice = EventNotice::kEnded;
  for (const std::string kind : {"udp", "tcp", "tls", "unix"}) {
    SCOPED_TRACE(kind);
    SyslogSinkSettings s = settings_for(rsyslog.address(kind));
    if (kind == "tls") s.ca_file = dir / "ca.pem";
    SyslogSink sink("siem", s, test::youtube_facts());
    ASSERT_TRUE(sink.deliver({started, ended})) << rsyslog.log();
    const std::string input = kind == "unix" ? "local" : kind;
    const auto lines = rsyslog.wait_lines(input, 2);
    ASSERT_EQ(lines.size(), 2u) << rsyslog.log();
    std::smatch m;
    ASSERT_TRUE(std::regex_match(lines[0], m, kRfc5424)) << lines[0];
    EXPECT_EQ(m[1], std::to_string(19 * 8 + 2)) << "local3, crit for a hijack";
    EXPECT_EQ(m[4], "bgpsentry");
    EXPECT_EQ(m[5], std::to_string(::getpid()));
    std::string text = m[8];
    if (kind == "unix" && text.rfind(' ', 0) == 0)
      text.erase(0, 1);  // rsyslog keeps the
                         // space after "tag:"
    EXPECT_EQ(text, "hijack: 208.65.153.0/24 by AS17557 (YouTube, 3 peers)");
    if (kind != "unix") {  // the local socket's traditional form has no MSGID nor SD
      EXPECT_EQ(m[6], "SUBPREFIX_HIJACK");
      const std::string sd = m[7];
      for (const char* param :
           {"alert_id=\"7\"", "event_id=\"3\"", "notice=\"EVENT_STARTED\"", "confidence=\"8\"",
            "prefix=\"208.65.153.0/24\"", "monitored_prefix=\"208.65.152.0/22\"",
            "origin=\"17557\"", "source=\"route-views2\""})
        EXPECT_NE(sd.find(param), std::string::npos) << param << " in " << sd;
      EXPECT_EQ(sd.rfind("[bgpsentry@32473 ", 0), 0u) << sd;
    }
    ASSERT_TRUE(std::regex_match(lines[1], m, kRfc5424)) << lines[1];
    EXPECT_EQ(m[1], std::to_string(19 * 8 + 5)) << "an event's end is a notice";
  }
}

TEST(SyslogSink, TlsRefusesACollectorItsCasDoNotVouchFor) {
  test::TempDir dir;
  Rsyslog rsyslog(dir);
  SyslogSinkSettings s = settings_for(rsyslog.address("tls"));
  s.ca_file = dir / "other.pem";
  SyslogSink sink("siem", s, nullptr);
  auto st = sink.deliver({test::youtube_hijack()});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("certificate not trusted"), std::string::npos) << st.error();
  EXPECT_NE(st.error().find("127.0.0.1:"), std::string::npos) << st.error();
  EXPECT_TRUE(rsyslog.wait_lines("tls", 0).empty());
}

// The collector restarts: the send after it fails (or goes on a new connection), and once
// it is back every alert arrives; the sink never wedges on the dead connection.
TEST(SyslogSink, ACollectorRestartIsSurvived) {
  test::TempDir dir;
  Rsyslog rsyslog(dir);
  SyslogSink sink("siem", settings_for(rsyslog.address("tcp")), nullptr);
  Alert a = test::youtube_hijack();
  ASSERT_TRUE(sink.deliver({a}));
  ASSERT_EQ(rsyslog.wait_lines("tcp", 1).size(), 1u);
  rsyslog.kill();
  a.id = 8;
  auto down = sink.deliver({a});
  EXPECT_FALSE(down) << "nothing listens: the sink says so, and the runner retries";
  if (!down) {
    EXPECT_NE(down.error().find("cannot connect"), std::string::npos) << down.error();
  }
  rsyslog.start();
  ASSERT_TRUE(sink.deliver({a})) << rsyslog.log();
  EXPECT_EQ(rsyslog.wait_lines("tcp", 2).size(), 2u);
}

// A collector that accepts and never reads: the send fails within its timeout, it does not
// hang the sink's thread.
TEST(SyslogSink, ACollectorThatStopsReadingFailsTheSendInTime) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int small = 4096;
  ::setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  SyslogSinkSettings s = settings_for("tcp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
  s.timeout = 1s;
  s.text_template = std::string(60000, 'x');
  SyslogSink sink("siem", s, nullptr);
  std::vector<Alert> many(200, test::youtube_hijack());
  for (size_t i = 0; i < many.size(); ++i) many[i].id = i + 1;
  const auto start = std::chrono::steady_clock::now();
  auto st = sink.deliver(many);
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(listener);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("stopped reading"), std::string::npos) << st.error();
  EXPECT_LT(took, 5s);
}

TEST(SyslogMessage, Rfc5424LineAndTheLocalForm) {
  SyslogHeader h;
  h.facility = 16;
  h.hostname = "mon 1";
  h.pid = 42;
  Alert a = test::youtube_hijack();
  a.source = "rrc]00\"";
  const int64_t now = 1765140000'123456;  // 2025-12-07T20:40:00.123456Z
  EXPECT_EQ(rfc5424_line(h, a, "text", now),
            "<130>1 2025-12-07T20:40:00.123456Z mon_1 bgpsentry 42 SUBPREFIX_HIJACK "
            "[bgpsentry@32473 alert_id=\"7\" type=\"SUBPREFIX_HIJACK\" event_id=\"3\" "
            "notice=\"EVENT_STARTED\" confidence=\"8\" prefix=\"208.65.153.0/24\" "
            "monitored_prefix=\"208.65.152.0/22\" origin=\"17557\" source=\"rrc\\]00\\\"\"] text");
  const std::string local = local_syslog_line(h, a, "text", now);
  EXPECT_EQ(local.rfind("<130>Dec  7 ", 0), 0u) << local;
  EXPECT_NE(local.find(" bgpsentry[42]: text"), std::string::npos) << local;
}

TEST(SyslogMessage, AddressesAndFacilities) {
  auto tls = parse_syslog_address("tls://[2001:db8::1]");
  ASSERT_TRUE(tls);
  EXPECT_EQ(tls->host, "2001:db8::1");
  EXPECT_EQ(tls->port, 6514);
  auto udp = parse_syslog_address("udp://192.0.2.10:5514");
  ASSERT_TRUE(udp);
  EXPECT_EQ(udp->port, 5514);
  EXPECT_EQ(parse_syslog_address("tcp://host")->port, 514);
  EXPECT_EQ(parse_syslog_address("unix:///dev/log")->path, "/dev/log");
  for (const char* bad : {"192.0.2.10:514", "http://x", "udp://:514", "udp://x:0", "udp://x:70000",
                          "tcp://x:5a", "unix://dev/log", "tls://[::1"})
    EXPECT_FALSE(parse_syslog_address(bad)) << bad;
  EXPECT_EQ(syslog_facility("local7"), 23);
  EXPECT_EQ(syslog_facility("daemon"), 3);
  EXPECT_FALSE(syslog_facility("local8"));
}

}  // namespace bgpsentry
