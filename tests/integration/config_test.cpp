// ConfigService through bgpctl against the real daemon: prefix and ASN changes written to
// the prefixes file, recorded as revisions, kept across a restart, applied to detection
// without one; reloads from disk (bgpctl and SIGHUP); bad input refused with its reason.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "agent/config/prefixes_config.h"
#include "bgpsentry/v1/config.pb.h"
#include "tests/integration/daemon.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using test::Daemon;
using test::parse_json;
using namespace std::chrono_literals;

std::vector<v1::MonitoredPrefix> listed(const Daemon& daemon) {
  auto r = daemon.ctl({"prefix", "list", "-o", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<v1::MonitoredPrefix> out;
  for (const auto& line : test::split_lines(r.out))
    out.push_back(parse_json<v1::MonitoredPrefix>(line));
  return out;
}

std::vector<v1::ConfigRevision> revisions(const Daemon& daemon) {
  auto r = daemon.ctl({"config", "revisions", "-o", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<v1::ConfigRevision> out;
  for (const auto& line : test::split_lines(r.out))
    out.push_back(parse_json<v1::ConfigRevision>(line));
  return out;
}

bool lists(const Daemon& daemon, const std::string& prefix) {
  for (const auto& p : listed(daemon))
    if (p.prefix() == prefix) return true;
  return false;
}

PrefixesConfig load_prefixes(const std::string& path) {
  ConfigErrors errors(path);
  auto config = load_prefixes_file(path, errors);
  EXPECT_TRUE(errors.empty()) << errors.to_string();
  return config;
}

TEST(Config, PrefixAddedIsInTheFileRecordedAndSurvivesARestart) {
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  const uint64_t first = daemon.status().config_revision();
  EXPECT_EQ(first, 1u);  // the file as found at the first start

  auto r = daemon.ctl({"prefix", "add", "192.0.2.0/24", "--asn", "64500,64501", "--description",
                       "test net", "--group", "noc"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "prefix 192.0.2.0/24 added (config revision 2)\n");

  // In the prefixes file, which loads (BGPalerter's layout), with what was given.
  const auto file = load_prefixes(dir.path() + "/prefixes.yml");
  ASSERT_EQ(file.prefixes.size(), 4u);
  const MonitoredPrefix& added = file.prefixes.back();
  EXPECT_EQ(added.prefix.to_string(), "192.0.2.0/24");
  EXPECT_EQ(added.asns, (std::vector<uint32_t>{64500, 64501}));
  EXPECT_EQ(added.description, "test net");
  EXPECT_EQ(added.groups, std::vector<std::string>{"noc"});
  EXPECT_EQ(daemon.status().monitored_prefixes(), 4u);

  // Recorded: who, what, and the diff.
  const auto revs = revisions(daemon);
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[0].id(), 2u);
  EXPECT_EQ(revs[0].action(), "prefix add 192.0.2.0/24");
  EXPECT_NE(revs[0].who().find("(unix socket)"), std::string::npos) << revs[0].who();
  EXPECT_EQ(revs[1].action(), "start");
  auto diff = daemon.ctl({"config", "diff", "2"});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_NE(diff.out.find("\n+192.0.2.0/24:\n"), std::string::npos) << diff.out;
  EXPECT_NE(diff.out.find("\n+  description: test net\n"), std::string::npos) << diff.out;

  // An update keeps what it is not told to change.
  r = daemon.ctl({"prefix", "update", "192.0.2.0/24", "--ignore-more-specifics"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto shown = daemon.ctl({"prefix", "show", "192.0.2.0/24", "-o", "json"});
  const auto p = parse_json<v1::MonitoredPrefix>(shown.out);
  EXPECT_TRUE(p.ignore_more_specifics());
  EXPECT_EQ(p.description(), "test net");
  EXPECT_EQ(p.asns_size(), 2);

  ASSERT_EQ(daemon.terminate(), 0);
  daemon.start();
  EXPECT_TRUE(lists(daemon, "192.0.2.0/24"));
  // The file is as the last revision left it: no new revision at start.
  EXPECT_EQ(daemon.status().config_revision(), 3u);
  EXPECT_EQ(revisions(daemon).size(), 3u);

  r = daemon.ctl({"prefix", "remove", "192.0.2.0/24"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(lists(daemon, "192.0.2.0/24"));
  EXPECT_EQ(load_prefixes(dir.path() + "/prefixes.yml").prefixes.size(), 3u);
}

TEST(Config, BadChangesAreRefusedWithTheReasonAndChangeNothing) {
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)});
  daemon.start();
  const std::string before = test::read_file(dir.path() + "/prefixes.yml");
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {{"prefix", "add", "10.0.0.1/8", "--asn", "1"},
       65,
       "host bits set: did you mean 10.0.0.0/8?"},
      {{"prefix", "add", "300.0.0.0/8", "--asn", "1"}, 65, "not a valid IPv4 or IPv6 prefix"},
      {{"prefix", "add", "192.0.2.0/24"}, 65, "no origin ASN"},
      {{"prefix", "add", "192.0.2.0/24", "--asn", "0"}, 65, "AS 0 is not a valid origin"},
      {{"prefix", "add", "208.65.152.0/22", "--asn", "1"}, 65, "already monitored"},
      {{"prefix", "add", "192.0.2.0/24", "--asn", "1", "--description", std::string(5000, 'x')},
       65,
       "description over 1024 characters"},
      {{"prefix", "remove", "198.51.100.0/24"}, 1, "198.51.100.0/24 is not monitored"},
      {{"prefix", "update", "198.51.100.0/24", "--asn", "1"}, 1, "is not monitored"},
      {{"asn", "add", "0"}, 65, "AS 0"},
      {{"asn", "remove", "64500"}, 1, "AS64500 is not monitored"},
      {{"prefix", "import", dir.path() + "/missing.yml"}, 66, "cannot read"},
  };
  for (const auto& c : cases) {
    auto r = daemon.ctl(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.args[2] << ": " << r.err;
    EXPECT_NE(r.err.find(c.reason), std::string::npos) << r.err;
  }
  // A prefixes file with an invalid regex is refused whole, naming the field.
  std::ofstream(dir.path() + "/bad.yml")
      << "192.0.2.0/24:\n  asn: 1\n  path:\n    match: \"(unclosed\"\n";
  auto r = daemon.ctl({"prefix", "import", dir.path() + "/bad.yml"});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("bad.yml"), std::string::npos);
  EXPECT_NE(r.err.find("path.match"), std::string::npos) << r.err;

  EXPECT_EQ(test::read_file(dir.path() + "/prefixes.yml"), before);
  EXPECT_EQ(daemon.status().config_revision(), 1u);
  EXPECT_EQ(revisions(daemon).size(), 1u);
}

// The YouTube hijack is ONGOING when the file ends. Declaring AS17557 an allowed origin
// ends it at once (the held routes are judged again), taking that back starts a new one,
// and removing the prefix ends that: no restart, no new update needed.
TEST(Config, ChangesApplyToDetectionWithoutARestart) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished());
  auto events = daemon.events("SUBPREFIX_HIJACK");
  ASSERT_EQ(events.size(), 1u);
  ASSERT_EQ(events[0].status(), v1::ONGOING);
  const uint64_t first_id = events[0].id();

  auto r = daemon.ctl({"prefix", "update", "208.65.152.0/22", "--asn", "36561,17557"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  events = daemon.events("SUBPREFIX_HIJACK");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status(), v1::ENDED);
  EXPECT_TRUE(events[0].has_end_time());

  r = daemon.ctl({"prefix", "update", "208.65.152.0/22", "--asn", "36561"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  events = daemon.events("SUBPREFIX_HIJACK");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_GT(events[0].id(), first_id);
  EXPECT_EQ(events[0].status(), v1::ONGOING);
  EXPECT_EQ(events[0].prefixes(0), "208.65.153.0/24");
  EXPECT_EQ(events[0].offending_asn(), 17557u);
  EXPECT_GE(events[0].peers_seen(), 20u);

  r = daemon.ctl({"prefix", "remove", "208.65.152.0/22"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  events = daemon.events("SUBPREFIX_HIJACK");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].status(), v1::ENDED);
  // Each start and end reached the sinks.
  size_t ended = 0;
  for (const auto& a : daemon.alerts())
    if (a.type() == v1::SUBPREFIX_HIJACK && a.notice() == v1::EVENT_ENDED) ++ended;
  EXPECT_EQ(ended, 2u);
}

TEST(Config, ReloadFromDiskBySighupAndBgpctlKeepsTheRunningConfigOnErrors) {
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)});
  daemon.start();
  const std::string prefixes = dir.path() + "/prefixes.yml";
  // Edited by hand (a comment kept: the file is the operator's), then SIGHUP.
  std::ofstream(prefixes, std::ios::app)
      << "# added by hand\n192.0.2.0/24:\n  description: by hand\n  asn: 64500\n";
  ::kill(daemon.pid(), SIGHUP);
  ASSERT_TRUE(test::eventually([&] { return daemon.status().config_revision() == 2; }, 30s))
      << daemon.log();
  EXPECT_EQ(daemon.status().monitored_prefixes(), 4u);
  EXPECT_NE(test::read_file(prefixes).find("# added by hand"), std::string::npos);
  auto revs = revisions(daemon);
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[0].who(), "SIGHUP");
  EXPECT_EQ(revs[0].action(), "reload");

  // Broken: refused, named, and the running set is kept.
  std::ofstream(prefixes, std::ios::app) << "198.51.100.0/24:\n  asn: [not-a-number]\n";
  auto r = daemon.ctl({"config", "reload"});
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("prefixes.yml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("running config is kept"), std::string::npos) << r.err;
  r = daemon.ctl({"config", "validate"});
  EXPECT_EQ(r.exit_code, 78);
  EXPECT_NE(r.out.find("198.51.100.0/24.asn"), std::string::npos) << r.out;
  EXPECT_EQ(daemon.status().monitored_prefixes(), 4u);
  EXPECT_EQ(daemon.status().config_revision(), 2u);

  // Fixed, with a setting that needs a restart changed too: named, not applied.
  std::ofstream(prefixes, std::ios::trunc) << test::kYoutubePrefixes;
  std::ofstream(dir.path() + "/bgpsentry.yml", std::ios::app) << "history:\n  retention_days: 30\n";
  r = daemon.ctl({"config", "reload", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto reload = parse_json<v1::ReloadConfigResponse>(r.out);
  EXPECT_TRUE(reload.changed());
  EXPECT_EQ(reload.revision(), 3u);
  ASSERT_EQ(reload.restart_required_size(), 1);
  EXPECT_EQ(reload.restart_required(0), "history");
  EXPECT_EQ(daemon.status().monitored_prefixes(), 3u);
  r = daemon.ctl({"config", "reload", "-o", "json"});
  EXPECT_FALSE(parse_json<v1::ReloadConfigResponse>(r.out).changed());
}

TEST(Config, ImportsAndExportsBgpalerterPrefixFiles) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  Daemon daemon(dir, {test::shared_data(test::kYoutube)});
  daemon.start();
  // BGPalerter's own generated file (real output of `bgpalerter generate`).
  const std::string generated =
      test::shared_data("bgpalerter-config/generated-prefixes.final.default.yml");
  const auto expected = load_prefixes(generated);
  auto r = daemon.ctl({"prefix", "import", generated, "--replace", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto imported = parse_json<v1::ImportPrefixesResponse>(r.out);
  EXPECT_TRUE(imported.changed());
  EXPECT_EQ(imported.prefixes_added(), expected.prefixes.size());
  EXPECT_EQ(imported.asns_added(), expected.asns.size());
  EXPECT_EQ(listed(daemon).size(), expected.prefixes.size());

  // The export loads as the same set, and importing it again changes nothing.
  r = daemon.ctl({"prefix", "export", "-O", dir.path() + "/exported.yml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto exported = load_prefixes(dir.path() + "/exported.yml");
  ASSERT_EQ(exported.prefixes.size(), expected.prefixes.size());
  for (size_t i = 0; i < expected.prefixes.size(); ++i) {
    EXPECT_EQ(exported.prefixes[i].prefix, expected.prefixes[i].prefix);
    EXPECT_EQ(exported.prefixes[i].asns, expected.prefixes[i].asns);
    EXPECT_EQ(exported.prefixes[i].description, expected.prefixes[i].description);
    EXPECT_EQ(exported.prefixes[i].ignore_more_specifics,
              expected.prefixes[i].ignore_more_specifics);
  }
  r = daemon.ctl({"prefix", "import", dir.path() + "/exported.yml", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(parse_json<v1::ImportPrefixesResponse>(r.out).changed());

  r = daemon.ctl({"asn", "add", "AS64500", "--upstreams", "3356,1299"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = daemon.ctl({"asn", "list", "-o", "json"});
  bool found = false;
  for (const auto& line : test::split_lines(r.out)) {
    const auto a = parse_json<v1::MonitoredAsn>(line);
    if (a.asn() != 64500) continue;
    found = true;
    EXPECT_EQ(a.upstreams().asns_size(), 2);
    EXPECT_FALSE(a.has_downstreams());
  }
  EXPECT_TRUE(found);
  r = daemon.ctl({"log-level", "debug"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "log level debug (was info)\n");
}

}  // namespace
}  // namespace bgpsentry
