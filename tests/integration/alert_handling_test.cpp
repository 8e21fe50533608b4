// Operators handling alerts through bgpctl against the real daemon: acknowledging an event,
// silencing alerts from the sinks (they are still stored), a test alert through every sink,
// and the audit trail of those calls, all kept across a restart.
#include <gtest/gtest.h>

#include "tests/integration/daemon.h"

namespace bgpsentry {
namespace {

using test::Daemon;
namespace pb = bgpsentry::v1;
using namespace std::chrono_literals;

const std::string kQuietFile = "mrt/router-lab-samples/quagga_rib";  // nothing of YouTube's

std::vector<pb::AuditRecord> audit_trail(const Daemon& daemon) {
  auto r = daemon.ctl({"audit", "--limit", "0", "-o", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<pb::AuditRecord> out;
  for (const auto& line : test::split_lines(r.out))
    out.push_back(test::parse_json<pb::AuditRecord>(line));
  return out;
}

TEST(AlertHandling, AckSilenceTestAlertAndAuditThroughBgpctl) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  std::string event_id;
  {
    Daemon daemon(dir, {test::shared_data(test::kYoutube)});
    daemon.start();
    ASSERT_TRUE(daemon.wait_finished());
    const auto hijacks = daemon.events("SUBPREFIX_HIJACK");
    ASSERT_EQ(hijacks.size(), 1u);
    event_id = std::to_string(hijacks[0].id());

    auto r = daemon.ctl({"events", "ack", event_id, "--comment", "ticket NOC-42"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(daemon.ctl({"events", "ack", "999999"}).exit_code, 1) << "no such event";
    EXPECT_EQ(daemon.ctl({"events", "ack", event_id, "-c", std::string(2000, 'x')}).exit_code, 65)
        << "comment over 1024 bytes";

    // A silence needs a criterion: one without would mute every sink.
    r = daemon.ctl({"events", "silence", "--for", "1h"});
    EXPECT_EQ(r.exit_code, 65);
    EXPECT_NE(r.err.find("at least one of"), std::string::npos) << r.err;
    EXPECT_EQ(
        daemon.ctl({"events", "silence", "--prefix", "208.65.153.0/33", "--for", "1h"}).exit_code,
        65);
    EXPECT_EQ(daemon.ctl({"events", "silence", "--type", "ROUTE_LEAK", "--for", "91d"}).exit_code,
              65)
        << "over 90 days";
    r = daemon.ctl({"events", "silence", "--type", "route-leak", "--asn", "AS3356", "--for", "2h",
                    "-c", "maintenance", "-o", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto silence = test::parse_json<pb::Silence>(r.out);
    EXPECT_EQ(silence.type(), pb::ROUTE_LEAK);
    EXPECT_EQ(silence.offending_asn(), 3356u);
    EXPECT_NEAR(silence.until().seconds() - silence.created().seconds(), 7200, 1);
    EXPECT_NE(silence.who().find("(unix socket)"), std::string::npos) << silence.who();

    // The test alert reaches the file sink at once, outside the stored sequence (id 0).
    r = daemon.ctl({"alerts", "test", "-o", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto results = test::split_lines(r.out);
    ASSERT_EQ(results.size(), 1u);
    const auto result = test::parse_json<pb::SinkResult>(results[0]);
    EXPECT_TRUE(result.ok()) << result.error();
    const auto sunk = test::read_file(dir / "var/alerts.jsonl");
    EXPECT_NE(sunk.find("test alert sent by"), std::string::npos) << sunk;
    EXPECT_EQ(daemon.alerts().back().description().find("test alert"), std::string::npos)
        << "not stored";

    r = daemon.ctl({"events", "silences", "-o", "json"});
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_EQ(test::split_lines(r.out).size(), 1u);
    daemon.terminate();
  }
  // Everything above survives a restart.
  Daemon daemon(dir, {test::shared_data(test::kYoutube)});
  daemon.start();
  auto r = daemon.ctl({"events", "show", event_id, "-o", "json"});
  ASSERT_EQ(r.exit_code, 0);
  const auto event = test::parse_json<pb::Event>(r.out);
  ASSERT_TRUE(event.has_ack());
  EXPECT_EQ(event.ack().comment(), "ticket NOC-42");
  EXPECT_NE(event.ack().who().find("(unix socket)"), std::string::npos);
  r = daemon.ctl({"events", "silences", "-o", "json"});
  ASSERT_EQ(test::split_lines(r.out).size(), 1u) << "the silence is kept";
  const auto silence = test::parse_json<pb::Silence>(test::split_lines(r.out)[0]);
  EXPECT_EQ(daemon.ctl({"events", "unsilence", std::to_string(silence.id())}).exit_code, 0);
  EXPECT_EQ(daemon.ctl({"events", "unsilence", std::to_string(silence.id())}).exit_code, 1);
  r = daemon.ctl({"events", "silences", "-o", "json"});
  EXPECT_TRUE(test::split_lines(r.out).empty());

  // Every mutating call, newest first, refused ones included.
  const auto trail = audit_trail(daemon);
  std::vector<std::string> seen;
  for (const auto& a : trail) {
    seen.push_back(a.action() + " -> " + a.outcome().substr(0, a.outcome().find(':')));
    EXPECT_NE(a.who().find("(unix socket)"), std::string::npos) << a.who();
    EXPECT_GT(a.time().seconds(), 1700000000);
  }
  const std::vector<std::string> expected = {
      "DeleteSilence " + std::to_string(silence.id()) + " -> NOT_FOUND",
      "DeleteSilence " + std::to_string(silence.id()) + " -> OK",
      "SendTestAlert -> OK",
      "CreateSilence -> OK",
      "CreateSilence -> INVALID_ARGUMENT",
      "CreateSilence -> INVALID_ARGUMENT",
      "CreateSilence -> INVALID_ARGUMENT",
      "AcknowledgeEvent " + event_id + " -> INVALID_ARGUMENT",
      "AcknowledgeEvent 999999 -> NOT_FOUND",
      "AcknowledgeEvent " + event_id + " -> OK"};
  EXPECT_EQ(seen, expected);
  EXPECT_NE(trail[6].outcome().find("at least one of"), std::string::npos) << "with the reason";
  // --limit pages through the newest.
  r = daemon.ctl({"audit", "--limit", "3", "-o", "json"});
  EXPECT_EQ(test::split_lines(r.out).size(), 3u);
}

// A silence keeps matching alerts from the sinks: they are stored (alerts list) but the
// file sink never gets them, and status counts them. The silence is made before the replay
// that raises them (a first run reads a file with nothing of YouTube's).
TEST(AlertHandling, SilencedAlertsAreStoredButNotSentToTheSinks) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  {
    Daemon quiet(dir, {test::shared_data(kQuietFile)});
    quiet.start();
    ASSERT_TRUE(quiet.wait_finished());
    auto r = quiet.ctl({"events", "silence", "--prefix", "208.65.153.0/24", "--for", "1d"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    quiet.terminate();
  }
  Daemon daemon(dir, {test::shared_data(test::kYoutube)});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  const auto alerts = daemon.alerts();
  ASSERT_FALSE(alerts.empty());
  size_t silenced = 0;
  for (const auto& a : alerts)
    if (a.prefix() == "208.65.153.0/24") ++silenced;
  ASSERT_GT(silenced, 0u) << "the hijack is raised and stored";
  pb::GetStatusResponse status;
  for (int i = 0; i < 200; ++i) {
    status = daemon.status();
    if (status.sinks_size() == 1 && status.sinks(0).delivered_id() == alerts.back().id()) break;
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(status.sinks_size(), 1);
  ASSERT_EQ(status.sinks(0).delivered_id(), alerts.back().id()) << "the sink is through them";
  EXPECT_EQ(status.sinks(0).silenced(), silenced);
  const auto sunk = test::split_lines(test::read_file(dir / "var/alerts.jsonl"));
  EXPECT_EQ(sunk.size(), alerts.size() - silenced);
  for (const auto& line : sunk)
    EXPECT_NE(test::parse_json<pb::Alert>(line).prefix(), "208.65.153.0/24") << line;
}

// WatchAlerts' filters: prefix (with more-specifics), minimum confidence, group.
TEST(AlertHandling, WatchFiltersByPrefixConfidenceAndGroup) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)},
                "208.65.152.0/22:\n  description: YouTube\n  asn: 36561\n  group: video\n"
                "208.117.224.0/19:\n  description: YouTube\n  asn: 36561\n");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  const auto all = daemon.alerts();
  ASSERT_FALSE(all.empty());
  auto watch = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/timeout", "2", test::bgpctl(), "--socket", daemon.socket(),
                               "alerts", "watch", "--from-id", "0", "-o", "json"});
    std::vector<pb::Alert> out;
    for (const auto& line : test::split_lines(test::run_command(args).out))
      out.push_back(test::parse_json<pb::Alert>(line));
    return out;
  };
  auto count = [&](auto pred) {
    return static_cast<size_t>(std::count_if(all.begin(), all.end(), pred));
  };
  const auto in_prefix = watch({"--prefix", "208.65.153.0/24"});
  EXPECT_EQ(in_prefix.size(),
            count([](const pb::Alert& a) { return a.prefix().rfind("208.65.153.", 0) == 0; }));
  EXPECT_FALSE(in_prefix.empty());
  const auto confident = watch({"--min-confidence", "7"});
  EXPECT_EQ(confident.size(), count([](const pb::Alert& a) {
              return a.notice() == pb::EVENT_NOTICE_UNSPECIFIED || a.confidence() >= 7;
            }));
  EXPECT_LT(watch({"--min-confidence", "10"}).size(), all.size());
  const auto video = watch({"--group", "video"});
  EXPECT_EQ(video.size(),
            count([](const pb::Alert& a) { return a.monitored_prefix() == "208.65.152.0/22"; }));
  EXPECT_FALSE(video.empty());
  EXPECT_TRUE(watch({"--group", "no-such-group"}).empty());
  auto r = daemon.ctl({"alerts", "watch", "--prefix", "not-a-prefix"});
  EXPECT_EQ(r.exit_code, 65);
}

}  // namespace
}  // namespace bgpsentry
