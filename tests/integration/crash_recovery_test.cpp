// Issue 29's hostile cases against the real bgpsentryd: hard kills mid-work and what the
// restarted daemon does after them (idles, obeys SIGTERM, judges what it had not).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "tests/integration/daemon.h"
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

}  // namespace

// Defect 3: alert ids are reserved 1,000 ahead; after a hard kill the reservation is above
// every stored alert, and the sink thread read "an alert is due" from it forever, found
// none and spun a core, never meeting its stop condition (before the fix: a whole core, and
// SIGTERM never completed).
TEST(CrashRecovery, RestartAfterKill9IdlesAndStopsPromptlyOnSigterm) {
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
