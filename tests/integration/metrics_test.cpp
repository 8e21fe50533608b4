// Prometheus' endpoint of the real daemon: scraped over HTTP on 127.0.0.1, every line in
// the exposition format, the figures equal to what bgpctl status says; other paths and
// methods refused; a non-loopback listen address is a config error.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>

#include "tests/integration/daemon.h"

namespace bgpsentry {
namespace {

using test::Daemon;

// One HTTP/1.1 exchange on 127.0.0.1:port; the whole answer, headers included.
std::string http(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  EXPECT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

double sample(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

TEST(Metrics, ScrapedFiguresMatchStatus) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  const int port = test::free_loopback_port();
  Daemon daemon(dir, {test::shared_data(test::kYoutube)}, test::kYoutubePrefixes, "",
                "metrics:\n  listen: 127.0.0.1:" + std::to_string(port) + "\n");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  const auto status = daemon.status();
  const std::string answer = http(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("Content-Type: text/plain; version=0.0.4"), std::string::npos);
  const std::string body = answer.substr(answer.find("\r\n\r\n") + 4);

  // Every line a comment or `name{labels} value`.
  const std::regex line_form(
      R"x(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{([a-z_]+="[^"]*",?)+\})? -?[0-9.e+]+)x");
  for (const auto& line : test::split_lines(body))
    EXPECT_TRUE(std::regex_match(line, line_form)) << line;

  const auto& src = status.sources(0);
  // Status' rate and lag: updates came in; the archive is from 2008, years behind.
  EXPECT_GT(src.updates_per_second(), 0);
  ASSERT_TRUE(src.has_lag_seconds());
  EXPECT_GT(src.lag_seconds(), 15.0 * 365 * 86400);
  const std::string labels = "{source=\"" + src.name() + "\",type=\"mrt\"}";
  EXPECT_EQ(sample(body, "bgpsentry_source_updates_total" + labels), src.updates());
  EXPECT_EQ(sample(body, "bgpsentry_source_parse_errors_total" + labels), src.parse_errors());
  EXPECT_EQ(sample(body, "bgpsentry_source_state{source=\"" + src.name() +
                             "\",type=\"mrt\",state=\"FINISHED\"}"),
            1);
  EXPECT_EQ(sample(body, "bgpsentry_store_updates"), status.store().updates_stored());
  EXPECT_EQ(sample(body, "bgpsentry_events_started_total{type=\"SUBPREFIX_HIJACK\"}"), 1);
  EXPECT_EQ(
      sample(body, "bgpsentry_alerts_total{type=\"SUBPREFIX_HIJACK\",notice=\"EVENT_STARTED\"}"),
      1);
  EXPECT_EQ(sample(body, "bgpsentry_last_alert_id"), status.last_alert_id());
  EXPECT_EQ(sample(body, "bgpsentry_monitored_prefixes"), 3);
  EXPECT_EQ(sample(body, "bgpsentry_queue_capacity{queue=\"engine\"}"), 65536);
  EXPECT_EQ(sample(body, "bgpsentry_queue_shed_updates_total{queue=\"store\"}"),
            0);  // a replay waits
  EXPECT_EQ(sample(body, "bgpsentry_sink_failures_total{sink=\"" + status.sinks(0).name() + "\"}"),
            0);

  EXPECT_EQ(http(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 404", 0), 0u);
  EXPECT_EQ(http(port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                .rfind("HTTP/1.1 405", 0),
            0u);
  const auto head = http(port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "");
  // Garbage and oversized headers end the connection, and the server goes on.
  EXPECT_EQ(http(port, std::string(100, '\x01') + "\r\n\r\n").find("200 OK"), std::string::npos);
  EXPECT_EQ(http(port, "GET /metrics HTTP/1.1\r\nX: " + std::string(20000, 'a') + "\r\n\r\n")
                .find("200 OK"),
            std::string::npos);
  EXPECT_EQ(http(port, "GET /metrics HTTP/1.0\r\n\r\n").rfind("HTTP/1.0 200 OK", 0), 0u);
}

TEST(Metrics, OnlyALoopbackAddress) {
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)}, test::kYoutubePrefixes, "",
                "metrics:\n  listen: 0.0.0.0:9477\n");
  auto r =
      test::run_command({test::bgpsentryd(), "--check-config", "--config", dir / "bgpsentry.yml"});
  EXPECT_EQ(r.exit_code, 78);
  EXPECT_NE((r.out + r.err).find("metrics.listen: 0.0.0.0 is not a loopback address"),
            std::string::npos)
      << r.out << r.err;
}

}  // namespace
}  // namespace bgpsentry
