// Issue 29's hostile cases against the real bgpsentryd: hard kills mid-work and what the
// restarted daemon does after them (idles, obeys SIGTERM, judges what it had not).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "agent/wire/mrt_writer.h"
#include "tests/integration/daemon.h"
#include "tests/support/small_disk.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;
namespace v1 = bgpsentry::v1;

using test::Daemon;
using test::kYoutube;
using test::parse_json;

// The CPU time (user + system) a process has used, in clock ticks, from /proc/PID/stat.
long cpu_ticks(pid_t pid) {
  const std::string stat = test::read_file("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream rest(stat.substr(stat.rfind(')') + 2));  // from field 3, the state
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}

// The share of one core a process uses over `window`.
double cpu_share(pid_t pid, std::chrono::milliseconds window) {
  const long before = cpu_ticks(pid);
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(window);
  const long used = cpu_ticks(pid) - before;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(used) / static_cast<double>(::sysconf(_SC_CLK_TCK)) / seconds;
}

// SIGTERM, and how long the daemon took to exit (it is reaped either way).
std::chrono::milliseconds time_to_terminate(Daemon& daemon, int* exit_code) {
  const auto start = std::chrono::steady_clock::now();
  *exit_code = daemon.terminate();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

// The RouteViews archives before the YouTube hijack, then the hijack's: ~1.3M updates, the
// hijack near the end. `total`: bgpdump's line count over them all.
std::vector<std::string> hijack_late(size_t* total) {
  const std::string before = test::shared_data("mrt/routeviews-2008/20080224-before-1839");
  *total = 0;
  for (const char* t : {"1707", "1722", "1737", "1752", "1807", "1824"}) {
    size_t n = 0;
    test::bgpdump_prefix_counts(before + "/updates.20080224." + t + ".bz2", &n);
    *total += n;
  }
  size_t youtube = 0;
  test::bgpdump_prefix_counts(test::shared_data(kYoutube), &youtube);
  *total += youtube;
  return {before + "/updates.*.bz2", test::shared_data(kYoutube)};
}

// A daemon whose store is in ./store (the small disk), its socket and sink file in ./var.
Daemon daemon_with_store_in(const test::TempDir& dir, const std::vector<std::string>& paths) {
  Daemon daemon(dir, paths);
  std::string config = test::read_file(dir / "bgpsentry.yml");
  config.replace(config.find("data_dir: ./var"), 15, "data_dir: ./store");
  std::ofstream(dir / "bgpsentry.yml") << config;
  std::filesystem::create_directories(dir / "var");
  return daemon;
}

}  // namespace

// Defect 5: the store on a full disk. Before: writes retried forever and silently (the
// source said RUNNING, no error), SIGTERM ignored for minutes (the source blocked on the
// full store queue before the queues closed), and once in three runs RocksDB aborted on an
// assertion (sync_without_flush_called_: the alert log's SyncWAL racing a failed write).
// Now: status says FAILING with the error, sinks that can write get a FEED notice at once,
// SIGTERM ends the agent within 10 s, and nothing acknowledged is lost: after a restart with
// room, every update is stored once and the hijack raised once. With room given back while
// it runs, the agent goes on by itself and records the spell as a FEED event.
TEST(CrashRecovery, AFullDiskIsReportedObeysSigtermAndLosesNothing) {
  BGPSENTRY_NEEDS_TEST_DATA();
  if (::getuid() != 0) GTEST_SKIP() << "mounts a small tmpfs: needs root (as CI runs)";
  size_t total = 0;
  const auto paths = hijack_late(&total);
  for (const bool stop_while_full : {true, false}) {
    SCOPED_TRACE(stop_while_full ? "SIGTERM while full" : "room given back while running");
    test::TempDir dir;
    test::SmallDisk disk(dir / "store", "12m");
    ASSERT_TRUE(disk.mounted()) << "mount tmpfs: " << disk.error();
    auto daemon = daemon_with_store_in(dir, paths);
    daemon.start();
    ASSERT_TRUE(
        test::eventually([&] { return daemon.status().store().state() == "FAILING"; }, 120s))
        << daemon.log();
    auto status = daemon.status();
    EXPECT_NE(status.store().error().find("No space left on device"), std::string::npos)
        << status.store().error();
    EXPECT_NE(status.sources(0).state(), v1::FINISHED);
    // The sinks on another disk heard of it at once.
    EXPECT_TRUE(test::eventually(
        [&] {
          return test::read_file(dir / "var/alerts.jsonl").find("cannot write") !=
                 std::string::npos;
        },
        10s));
    if (stop_while_full) {
      int exit_code = -1;
      EXPECT_LT(time_to_terminate(daemon, &exit_code), 10000ms) << daemon.log();
      EXPECT_EQ(exit_code, 0) << daemon.log();
      EXPECT_EQ(daemon.log().find("ssert"), std::string::npos) << daemon.log();
      ASSERT_TRUE(disk.grow("512m"));
      daemon.start();
    } else {
      ASSERT_TRUE(disk.grow("512m"));
    }
    ASSERT_TRUE(daemon.wait_finished(300s)) << daemon.log();
    status = daemon.status();
    EXPECT_EQ(status.store().state(), "OK");
    EXPECT_EQ(status.store().updates_stored(), total) << "every update stored once";
    const auto alerts = daemon.alerts();
    size_t hijacks = 0;
    for (const auto& a : alerts) hijacks += a.type() == v1::SUBPREFIX_HIJACK;
    EXPECT_EQ(hijacks, 1u) << "judged once";
    if (!stop_while_full) {
      // The spell, once the store could take it: a FEED event started and ended.
      const auto feed = daemon.events("FEED");
      ASSERT_EQ(feed.size(), 1u);
      EXPECT_EQ(feed[0].status(), v1::ENDED);
      EXPECT_NE(feed[0].description().find("No space left on device"), std::string::npos);
    }
    EXPECT_EQ(daemon.terminate(), 0) << daemon.log();
  }
}

// Every route through 100 path rules that never hold (includeMonitors: [path]): the engine
// judges ~60k updates/s, the store takes ~300k/s, so the store runs a full engine queue
// (64k updates) ahead. YouTube's prefixes as usual beside it.
std::string slow_engine_prefixes() {
  std::string rules;
  for (int i = 0; i < 100; ++i)
    rules += "    - match: \"[a-z]" + std::to_string(i) + "|[A-Z]" + std::to_string(i) + "\"\n";
  return test::kYoutubePrefixes +
         "0.0.0.0/0:\n  description: every route, through path rules only\n  asn: 1\n"
         "  includeMonitors: [path]\n  path:\n" +
         rules;
}

// Defect 2: the history is written with the source's cursor, the engine judges on its own;
// a crash while the engine is behind left updates stored but never judged: the restart
// said "already replayed, skipping" and their alerts were never raised. Now the engine
// records its own cursor, and the file is read again from there for the engine only.
TEST(CrashRecovery, UpdatesStoredButNotJudgedAtAKillAreJudgedOnceAfterTheRestart) {
  BGPSENTRY_NEEDS_TEST_DATA();
  size_t total = 0;
  const auto paths = hijack_late(&total);
  test::TempDir dir;
  {
    Daemon daemon(dir, paths, slow_engine_prefixes());
    daemon.start();
    // Killed once everything is stored while the engine has not reached the hijack (the
    // last file's second half).
    v1::GetStatusResponse status;
    ASSERT_TRUE(test::eventually(
        [&] {
          status = daemon.status();
          return status.store().updates_stored() == total;
        },
        120s))
        << daemon.log();
    daemon.kill9();
    ASSERT_LT(status.updates_processed() + 30000, total)
        << "the engine kept up with the store; the test proves nothing";
    const auto alerts = test::split_lines(test::read_file(dir / "var/alerts.jsonl"));
    ASSERT_TRUE(alerts.empty()) << "the hijack was judged before the kill";
  }
  Daemon daemon(dir, paths, slow_engine_prefixes());
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished(300s)) << daemon.log();
  EXPECT_NE(daemon.log().find("to the engine only"), std::string::npos) << daemon.log();
  const auto status = daemon.status();
  EXPECT_EQ(status.store().updates_stored(), total) << "nothing stored twice";
  std::vector<v1::Alert> hijacks;
  for (const auto& a : daemon.alerts())
    if (a.type() == v1::SUBPREFIX_HIJACK) hijacks.push_back(a);
  ASSERT_EQ(hijacks.size(), 1u) << "raised after the restart, once";
  EXPECT_EQ(hijacks[0].prefix(), "208.65.153.0/24");
  EXPECT_EQ(hijacks[0].notice(), v1::EVENT_STARTED);
  EXPECT_EQ(daemon.events("SUBPREFIX_HIJACK").size(), 1u);
}

// Withdrawals of `prefix` at `time_us` from every peer the store's route view has carry it:
// an MRT file the same source reads after the archive (named for its time: files are read
// in the time order their names carry).
std::string withdraw_all(const Daemon& daemon, const std::string& prefix, int64_t time_us,
                         size_t* peers) {
  const auto r = daemon.ctl({"route", prefix, "-o", "json"});
  EXPECT_EQ(r.exit_code, 0);
  const auto view = parse_json<v1::RouteView>(r.out);
  std::string mrt;
  for (const auto& route : view.routes()) {
    Update u;
    u.time_us = time_us;
    u.source = route.source();
    u.peer_ip = *IpAddress::parse(route.peer().ip());
    u.peer_asn = route.peer().asn();
    u.kind = UpdateKind::kWithdraw;
    u.prefix = *Prefix::parse(prefix);
    wire::append_mrt_record(u, mrt);
  }
  *peers = static_cast<size_t>(view.routes_size());
  return mrt;
}

// Defect 8: a restart forgot the routing table (44 routes to 3 prefixes and 45 peers up
// before, 0 after), so a withdrawal after it of a route announced before it was no loss.
// Now the table is rebuilt from the store's route views before the sources run, and the
// withdrawals raise what they raise without a restart.
TEST(CrashRecovery, ARestartKeepsTheRouteTable) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string monitors = "monitors:\n  visibility:\n    thresholdMinPeers: 3\n";
  // The hijacked /24, monitored itself (visibility is of monitored prefixes): carried by 42
  // of the 45 peers at the end of the archive.
  const std::string withdrawn = "208.65.153.0/24";
  const std::string prefixes = test::kYoutubePrefixes + withdrawn + ":\n  asn: 36561\n";
  test::TempDir dir;
  v1::GetStatusResponse before;
  size_t peers = 0;
  {
    Daemon daemon(dir, {test::shared_data(kYoutube)}, prefixes, "", monitors);
    daemon.start();
    ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
    before = daemon.status();
    std::ofstream(dir / "updates.20080224.1906.mrt")
        << withdraw_all(daemon, withdrawn, 1203880000000000, &peers);  // 2008-02-24 19:06:40
    EXPECT_EQ(daemon.terminate(), 0);
  }
  ASSERT_GE(peers, 3u);
  ASSERT_GT(before.route_table().routes(), 0u);

  // Without a restart: the same archive and the withdrawals in one run.
  const std::vector<std::string> both = {test::shared_data(kYoutube),
                                         dir / "updates.20080224.1906.mrt"};
  test::TempDir control_dir;
  Daemon control(control_dir, both, prefixes, "", monitors);
  control.start();
  ASSERT_TRUE(control.wait_finished()) << control.log();
  const auto control_losses = control.events("VISIBILITY_LOSS");
  ASSERT_EQ(control_losses.size(), 1u);

  // Restarted: the table as the store holds it, before the withdrawals are read.
  Daemon daemon(dir, both, prefixes, "", monitors);
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  EXPECT_NE(daemon.log().find("route table rebuilt from the store"), std::string::npos);
  const auto losses = daemon.events("VISIBILITY_LOSS");
  ASSERT_EQ(losses.size(), 1u) << "the withdrawals of routes announced before the restart";
  EXPECT_EQ(losses[0].prefixes(0), withdrawn);
  EXPECT_EQ(losses[0].peers_seen(), control_losses[0].peers_seen());
  EXPECT_EQ(losses[0].peers_seen(), peers);
  // The table holds what it held before, less the withdrawn prefix.
  const auto after = daemon.status();
  EXPECT_EQ(after.route_table().peers_up(), before.route_table().peers_up());
  EXPECT_EQ(after.route_table().prefixes(), before.route_table().prefixes() - 1);
  EXPECT_EQ(after.route_table().routes(), before.route_table().routes() - peers);
  EXPECT_EQ(after.route_table().routes(), control.status().route_table().routes());
}

// Defect 3: alert ids are reserved 1,000 ahead; after a hard kill the reservation is above
// every stored alert, and the sink thread read "an alert is due" from it forever, found
// none and spun a core, never meeting its stop condition (before the fix: a whole core, and
// SIGTERM never completed).
TEST(CrashRecovery, RestartAfterKill9IdlesAndStopsPromptlyOnSigterm) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  {
    Daemon daemon(dir, {test::shared_data(kYoutube)});
    daemon.start();
    ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
    ASSERT_EQ(daemon.status().last_alert_id(), 1u);
    daemon.kill9();
  }
  Daemon daemon(dir, {test::shared_data(kYoutube)});
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  const auto status = daemon.status();
  EXPECT_EQ(status.last_alert_id(), 1u) << "the highest stored id, not the reservation";
  ASSERT_EQ(status.sinks_size(), 1);
  EXPECT_EQ(status.sinks(0).delivered_id(), 1u);
  const double share = cpu_share(daemon.pid(), 3000ms);
  EXPECT_LT(share, 0.01) << "an idle daemon";
  int exit_code = -1;
  const auto took = time_to_terminate(daemon, &exit_code);
  EXPECT_EQ(exit_code, 0) << daemon.log();
  EXPECT_LT(took, 2000ms) << daemon.log();

  // Nothing lost, nothing judged twice: the one alert, once in the store; the sink got it
  // at least once.
  Daemon again(dir, {test::shared_data(kYoutube)});
  again.start();
  ASSERT_TRUE(again.wait_finished()) << again.log();
  const auto alerts = again.alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].id(), 1u);
  EXPECT_GE(test::split_lines(test::read_file(dir / "var/alerts.jsonl")).size(), 1u);
  EXPECT_EQ(again.status().sinks(0).delivered_id(), 1u);
}

}  // namespace bgpsentry
