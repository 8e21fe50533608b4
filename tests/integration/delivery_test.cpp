// Alerts reach a webhook at least once through the real daemon: a webhook that is down for
// 30 s while a thousand alerts are raised from a real RouteViews file, and a SIGKILL of the
// daemon in between, lose none; status shows the retries; an operator tests a sink and sends
// alerts again.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "tests/integration/daemon.h"
#include "tests/support/smtp_server.h"
#include "tests/support/webhook_server.h"

namespace bgpsentry::test {
namespace {

// IPv4 prefixes announced in the YouTube-day file, each "monitored" with an origin nobody
// uses (AS64496, documentation): with kOnePeerIsEnough every one becomes an ORIGIN_HIJACK
// event (1,000 prefixes: about 1,180 alerts).
std::string many_prefixes(size_t count) {
  std::set<std::string> prefixes;
  for (const auto& f : bgpdump_fields(shared_data(kYoutube)))
    if (f.size() > 6 && f[2] == "A" && f[5].find(':') == std::string::npos) prefixes.insert(f[5]);
  std::string yaml;
  size_t n = 0;
  for (const auto& prefix : prefixes) {
    yaml += prefix + ":\n  description: test\n  asn: 64496\n";
    if (++n == count) break;
  }
  EXPECT_EQ(n, count) << "the file has fewer such prefixes";
  return yaml;
}

const std::string kOnePeerIsEnough = "monitors:\n  hijack: {thresholdMinPeers: 1}\n";

std::string webhook_sink(int port, const TempDir& dir, const std::string& extra = "") {
  return "  - {type: webhook, name: hook, format: json, url: \"https://127.0.0.1:" +
         std::to_string(port) + "/alerts\", ca_file: \"" + (dir / "ca.pem") + "\"" + extra + "}\n";
}

const v1::SinkStatus* sink_named(const v1::GetStatusResponse& s, const std::string& name) {
  for (const auto& k : s.sinks())
    if (k.name() == name) return &k;
  return nullptr;
}

// The alert ids a json webhook received, with how often each came.
std::map<uint64_t, int> received_ids(const WebhookServer& server) {
  std::map<uint64_t, int> ids;
  for (const auto& r : server.requests()) {
    const auto a = parse_json<v1::Alert>(r.body);
    ++ids[a.id()];
  }
  return ids;
}

}  // namespace

TEST(Delivery, AWebhookDownFor30sAndASigkillLoseNoAlert) {
  BGPSENTRY_NEEDS_TEST_DATA();
  TempDir dir;
  make_test_pki(dir);
  const int port = free_loopback_port();  // nothing listens there for the first 30 s
  Daemon daemon(dir, {shared_data(kYoutube)}, many_prefixes(1000), "",
                webhook_sink(port, dir) + kOnePeerIsEnough);
  const auto down_since = std::chrono::steady_clock::now();
  daemon.start();
  ASSERT_TRUE(eventually([&] { return daemon.status().last_alert_id() >= 1000; }, 90s))
      << daemon.log();
  const auto before = daemon.status();
  const v1::SinkStatus* hook = sink_named(before, "hook");
  ASSERT_TRUE(hook);
  EXPECT_EQ(hook->state(), v1::RETRYING);
  EXPECT_GT(hook->failures(), 0u);
  EXPECT_GT(hook->backlog(), 0u);
  EXPECT_TRUE(hook->has_failing_since());
  EXPECT_NE(hook->last_error().find("https://127.0.0.1:"), std::string::npos) << hook->last_error();
  daemon.kill9();
  daemon.start();  // the same store: the position and the run of failures go on
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  const auto restarted = daemon.status();
  ASSERT_TRUE(sink_named(restarted, "hook"));
  EXPECT_EQ(sink_named(restarted, "hook")->failing_since().seconds(),
            hook->failing_since().seconds())
      << "the run of failures goes on across the restart";
  std::this_thread::sleep_until(down_since + 30s);
  WebhookServer server(dir, {}, port);
  const uint64_t last = daemon.status().last_alert_id();
  ASSERT_TRUE(eventually(
      [&] {
        const auto s = daemon.status();
        return sink_named(s, "hook")->delivered_id() == s.last_alert_id();
      },
      120s))
      << daemon.log();
  const auto after = daemon.status();
  EXPECT_EQ(sink_named(after, "hook")->state(), v1::OK);
  EXPECT_EQ(sink_named(after, "hook")->backlog(), 0u);
  const auto received = received_ids(server);
  size_t missing = 0, duplicates = 0;
  for (const auto& a : daemon.alerts()) {
    auto it = received.find(a.id());
    if (it == received.end())
      ++missing;
    else
      duplicates += it->second - 1;
  }
  EXPECT_EQ(missing, 0u) << "every stored alert reached the webhook";
  EXPECT_GE(last, 1000u);
  RecordProperty("alerts", static_cast<int>(daemon.alerts().size()));
  RecordProperty("duplicates", static_cast<int>(duplicates));
  std::printf("delivery: %zu alerts, %zu delivered twice or more\n", daemon.alerts().size(),
              duplicates);
  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
}

// alerts test --sink, alerts redeliver, and the hostile cases of both.
TEST(Delivery, TestAndRedeliverThroughBgpctl) {
  BGPSENTRY_NEEDS_TEST_DATA();
  TempDir dir;
  make_test_pki(dir);
  WebhookServer server(dir);
  Daemon daemon(dir, {shared_data(kYoutube)}, kYoutubePrefixes, "",
                webhook_sink(server.port(), dir));
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  const uint64_t last = daemon.status().last_alert_id();
  ASSERT_GT(last, 0u);
  ASSERT_TRUE(
      eventually([&] { return sink_named(daemon.status(), "hook")->delivered_id() == last; }));
  const size_t before = server.requests().size();

  auto test = daemon.ctl({"alerts", "test", "--sink", "hook"});
  EXPECT_EQ(test.exit_code, 0) << test.out << test.err;
  EXPECT_NE(test.out.find("hook"), std::string::npos) << test.out;
  EXPECT_EQ(test.out.find("file"), std::string::npos) << "only the sink asked for: " << test.out;
  EXPECT_EQ(server.requests().size(), before + 1);
  auto unknown = daemon.ctl({"alerts", "test", "--sink", "nope"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("no sink named 'nope' (file, hook)"), std::string::npos)
      << unknown.err;

  auto redeliver = daemon.ctl({"alerts", "redeliver", "--sink", "hook", "--from-id", "1"});
  EXPECT_EQ(redeliver.exit_code, 0) << redeliver.err;
  ASSERT_TRUE(eventually([&] { return server.requests().size() == before + 1 + last; }))
      << server.requests().size();
  struct Bad {
    std::string sink, from_id, error;
  };
  for (const auto& bad :
       std::vector<Bad>{{"hook", std::to_string(last + 1),
                         "from_id: expected 1.." + std::to_string(last) + " (the stored ids)"},
                        {std::string(5000, 'x'), "1", "sink: longer than 256 bytes"},
                        {"", "1", "sink: required"}}) {
    auto r = daemon.ctl({"alerts", "redeliver", "--sink", bad.sink, "--from-id", bad.from_id});
    EXPECT_EQ(r.exit_code, 65) << bad.error << ": " << r.err;  // EX_DATAERR: a bad argument
    EXPECT_NE(r.err.find(bad.error), std::string::npos) << r.err;
  }
  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
}

// The event ids a text names as "#ID".
std::set<uint64_t> named_events(const std::string& text) {
  std::set<uint64_t> ids;
  const std::regex id("#([0-9]+)");
  for (std::sregex_iterator it(text.begin(), text.end(), id), end; it != end; ++it)
    ids.insert(std::stoull((*it)[1]));
  return ids;
}

// A storm: 500 prefixes hijacked within the first minute of the file (replayed in seconds).
// Slack and email, each allowed 5 messages a minute, get at most 5 that together name every
// event.
TEST(Delivery, AStormOf500EventsIsAtMostFiveMessagesPerSink) {
  BGPSENTRY_NEEDS_TEST_DATA();
  TempDir dir;
  make_test_pki(dir);
  WebhookServer slack(dir);
  SmtpServer mail(dir, false);
  const std::string storm = "storm: {max_messages: 5, per_seconds: 60}";
  const std::string sinks =
      "  - {type: webhook, name: noc-slack, format: slack, url: \"" + slack.url("/services/T/B/X") +
      "\", ca_file: \"" + (dir / "ca.pem") + "\", template: \"#${event_id} ${summary}\", " + storm +
      "}\n" + "  - {type: email, name: mail, url: \"" + mail.url("smtp") +
      "\", from: bgp@example.net, to: [noc@example.net], username: bgp, password: s3cret, "
      "ca_file: \"" +
      (dir / "ca.pem") + "\", subject: \"#${event_id} ${type}\", template: \"${summary}\", " +
      storm + "}\n";
  Daemon daemon(dir, {shared_data(kYoutube)}, many_prefixes(500), "", sinks + kOnePeerIsEnough);
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  std::set<uint64_t> events;
  for (const auto& e : daemon.events("ORIGIN_HIJACK")) events.insert(e.id());
  EXPECT_GE(events.size(), 400u);
  const uint64_t last = daemon.status().last_alert_id();
  ASSERT_TRUE(eventually(
      [&] {
        const auto s = daemon.status();
        return sink_named(s, "noc-slack")->delivered_id() == last &&
               sink_named(s, "mail")->delivered_id() == last;
      },
      90s))
      << daemon.log();
  std::set<uint64_t> by_slack, by_mail;
  const auto posts = slack.requests();
  for (const auto& r : posts)
    for (uint64_t id : named_events(r.body)) by_slack.insert(id);
  const auto mails = mail.records();
  for (const auto& m : mails)
    // Quoted-printable: soft line breaks ("=" CRLF) may fall inside "#123".
    for (uint64_t id : named_events(
             std::regex_replace(webhook_record_field(m, "message"), std::regex("=\r\n"), "")))
      by_mail.insert(id);
  EXPECT_LE(posts.size(), 5u);
  EXPECT_LE(mails.size(), 5u);
  for (uint64_t id : events) {
    EXPECT_TRUE(by_slack.count(id)) << "event " << id << " not named on Slack";
    EXPECT_TRUE(by_mail.count(id)) << "event " << id << " not named by mail";
  }
  std::printf("storm: %zu events, %zu alerts: %zu Slack posts, %zu mails\n", events.size(),
              static_cast<size_t>(last), posts.size(), mails.size());
  EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
}

}  // namespace bgpsentry::test
