// Alerts are stored before delivery and reach sinks at least once, across restarts.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <set>
#include <thread>

#include "agent/alert/alert_hub.h"
#include "agent/alert/alert_router.h"
#include "agent/alert/silences.h"
#include "agent/alert/sink_runner.h"
#include "agent/alert/sinks/file_sink.h"
#include "agent/alert/sinks/per_alert_sink.h"
#include "agent/core/clock.h"
#include "agent/core/wall_clock.h"
#include "storage/alert_store.h"
#include "storage/meta_store.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

Alert make_alert(const char* prefix, uint32_t origin) {
  Alert a;
  a.type = AlertType::kSubprefixHijack;
  a.prefix = *Prefix::parse(prefix);
  a.monitored_prefix = *Prefix::parse("208.65.152.0/22");
  a.observed_origin = origin;
  a.expected_origins = {36561};
  a.as_path = AsPath::sequence({3491, origin});
  a.peer_ip = *IpAddress::parse("149.20.65.198");
  a.peer_asn = 1280;
  a.first_seen_us = a.last_seen_us = 1203878877000000;
  a.description = "test";
  return a;
}

// Fails its first `failures` deliveries, then records what it receives.
class FlakySink : public AlertSink {
 public:
  explicit FlakySink(int failures) : failures_(failures) {}
  const std::string& name() const override { return name_; }
  Status deliver(const std::vector<Alert>& alerts) override {
    if (failures_-- > 0) return Error{"simulated outage"};
    std::lock_guard lock(mu_);
    for (const auto& a : alerts) ids_.push_back(a.id);
    return ok_status();
  }
  std::vector<uint64_t> ids() {
    std::lock_guard lock(mu_);
    return ids_;
  }
  void fail_next(int n) { failures_ = n; }

 private:
  std::string name_ = "flaky";
  std::atomic<int> failures_;
  std::mutex mu_;
  std::vector<uint64_t> ids_;
};

template <typename Pred>
bool eventually(Pred pred, int ms = 10000) {
  for (int i = 0; i < ms / 10; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

}  // namespace

TEST(AlertStore, IdsIncreaseAndSurviveReopen) {
  test::TempDir dir;
  {
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db);
    AlertStore store(**db);
    for (int i = 0; i < 3; ++i) {
      Alert a = make_alert("208.65.153.0/24", 17557);
      ASSERT_TRUE(store.append(a));
      EXPECT_EQ(a.id, static_cast<uint64_t>(i + 1));
    }
  }
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  EXPECT_EQ(store.last_id(), 3u);
  Alert next = make_alert("208.65.153.0/24", 17557);
  ASSERT_TRUE(store.append(next));
  EXPECT_EQ(next.id, 4u);
  auto got = store.get(2);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->prefix.to_string(), "208.65.153.0/24");
  EXPECT_EQ(got->as_path.to_string(), "3491 17557");
  std::vector<uint64_t> after;
  ASSERT_TRUE(store.for_each_after(2, 0, [&](const Alert& a) {
    after.push_back(a.id);
    return true;
  }));
  EXPECT_EQ(after, (std::vector<uint64_t>{3, 4}));
}

// A process that dies without closing its store (kill -9, a crash) loses no alert it
// appended, and the next run hands out ids after the reservation: an id a client may have
// seen is never reused, even had a power loss taken the unsynced tail.
TEST(AlertStore, AnUncleanStopLosesNothingAndReusesNoId) {
  test::TempDir dir;
  const pid_t child = ::fork();
  if (child == 0) {
    auto db = Database::open(dir / "db");
    if (!db) ::_exit(2);
    auto* store = new AlertStore(**db);  // never closed
    for (int i = 0; i < 3; ++i) {
      Alert a = make_alert("208.65.153.0/24", 17557);
      if (!store->append(a)) ::_exit(3);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  for (uint64_t id = 1; id <= 3; ++id) EXPECT_TRUE(store.get(id)) << id;
  EXPECT_EQ(store.last_id(), 3u) << "the last stored alert; readers wait for more than it";
  Alert next = make_alert("208.65.153.0/24", 17557);
  ASSERT_TRUE(store.append(next));
  EXPECT_EQ(next.id, 1001u) << "after the ids reserved by the run that died";
  EXPECT_EQ(store.last_id(), 1001u);
}

TEST(SinkRunner, FailingSinkIsRetriedAndUndeliveredAlertsSurviveARestart) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  MetaStore meta(**db);
  AlertHub hub;
  {
    // A sink that never recovers during this run: nothing is acknowledged. Retried with
    // backoff (200 ms, 400 ms, ..., each plus up to a quarter at random) on the runner's
    // clock, not at once again and again.
    ManualClock clock;
    auto* dead = new FlakySink(1000000);
    SinkRunner runner(std::unique_ptr<AlertSink>(dead), store, meta, SinkFilter{}, nullptr, clock);
    runner.set_coalesce(std::chrono::milliseconds(0));  // time by hand
    runner.start();
    AlertRouter router(store, hub, {&runner});
    router.emit(make_alert("208.65.153.0/24", 17557));
    router.emit(make_alert("208.65.154.0/24", 17557));
    ASSERT_TRUE(eventually([&] { return runner.failures() == 1; }));
    clock.advance(std::chrono::milliseconds(199));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(runner.failures(), 1u) << "retried before its backoff";
    clock.advance(std::chrono::milliseconds(51));
    ASSERT_TRUE(eventually([&] { return runner.failures() == 2; }));
    EXPECT_EQ(runner.health().state, SinkState::kRetrying);
    EXPECT_EQ(runner.health().last_error, "simulated outage");
    clock.advance(std::chrono::milliseconds(399));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(runner.failures(), 2u) << "the second backoff is twice the first";
    clock.advance(std::chrono::milliseconds(101));
    ASSERT_TRUE(eventually([&] { return runner.failures() == 3; }));
    runner.stop();
    EXPECT_EQ(runner.delivered_id(), 0u);
    EXPECT_EQ(runner.failures(), 3u) << "a failing sink is not tried again at stop";
  }
  // "Restart" with a sink that fails twice, then works: both alerts arrive, in order.
  auto* flaky = new FlakySink(2);
  SinkRunner runner(std::unique_ptr<AlertSink>(flaky), store, meta);
  runner.start();
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 2; }));
  runner.stop();
  EXPECT_EQ(flaky->ids(), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(meta.get("sink/flaky/acked"), "2");
  EXPECT_EQ(runner.health().state, SinkState::kOk);
  EXPECT_EQ(runner.health().failing_since_us, 0);
  EXPECT_FALSE(meta.get("sink/flaky/failing_since")) << "a success ends the run of failures";
}

// A sink down for longer than give_up_after: the alerts that waited that long are given up
// there (position moved past them, counted, announced), newer ones still wait; the run of
// failures and the count survive a restart; the runner passes over its own announcement.
TEST(SinkRunner, AlertsThatWaitedGiveUpAfterAreGivenUpAndAnnounced) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  ManualClock clock;
  AlertStore store(**db, clock);
  MetaStore meta(**db);
  AlertHub hub;
  std::mutex mu;
  std::vector<SinkGaveUp> announced;
  int64_t failing_since = 0;
  {
    auto* dead = new FlakySink(1000000);
    SinkRunner runner(std::unique_ptr<AlertSink>(dead), store, meta, SinkFilter{}, nullptr, clock);
    runner.set_coalesce(std::chrono::milliseconds(0));  // time by hand
    runner.set_give_up(std::chrono::seconds(60), [&](const SinkGaveUp& g) {
      std::lock_guard lock(mu);
      announced.push_back(g);
    });
    runner.start();
    AlertRouter router(store, hub, {&runner});
    for (const char* p : {"208.65.153.0/24", "208.65.154.0/24", "208.65.155.0/24"})
      router.emit(make_alert(p, 17557));
    ASSERT_TRUE(eventually([&] { return runner.failures() >= 1; }));
    failing_since = runner.health().failing_since_us;
    EXPECT_EQ(failing_since, clock.wall_us());
    clock.advance(std::chrono::seconds(30));
    router.emit(make_alert("208.65.152.0/24", 17557));  // id 4: raised 30 s later
    clock.advance(std::chrono::seconds(31));            // 61 s after the first three
    ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 3; }))
        << "the three that waited 60 s are given up; the fourth waited 31 s";
    EXPECT_EQ(runner.health().state, SinkState::kGaveUp);
    EXPECT_EQ(runner.health().gave_up, 3u);
    {
      std::lock_guard lock(mu);
      ASSERT_EQ(announced.size(), 1u);
      EXPECT_EQ(announced[0].sink, "flaky");
      EXPECT_EQ(announced[0].first_id, 1u);
      EXPECT_EQ(announced[0].last_id, 3u);
      EXPECT_EQ(announced[0].count, 3u);
      EXPECT_EQ(announced[0].last_error, "simulated outage");
    }
    const Alert notice = sink_gave_up_alert(announced[0], clock.wall_us());
    EXPECT_EQ(notice.type, AlertType::kFeed);
    EXPECT_EQ(notice.source, runner.give_up_source());
    EXPECT_NE(notice.description.find("--sink flaky --from-id 1"), std::string::npos)
        << notice.description;
    router.emit(notice);  // id 5: what the other sinks get; this one passes over it
    runner.stop();
    EXPECT_EQ(meta.get("sink/flaky/gave_up"), "3");
  }
  // Restarted: the run of failures goes on (the fourth is given up 60 s after it was raised
  // even though this run is younger), then the sink works again.
  auto* flaky = new FlakySink(1000000);
  SinkRunner runner(std::unique_ptr<AlertSink>(flaky), store, meta, SinkFilter{}, nullptr, clock);
  runner.set_coalesce(std::chrono::milliseconds(0));  // time by hand
  runner.set_give_up(std::chrono::seconds(60), [&](const SinkGaveUp& g) {
    std::lock_guard lock(mu);
    announced.push_back(g);
  });
  EXPECT_EQ(runner.health().state, SinkState::kRetrying);
  EXPECT_EQ(runner.health().failing_since_us, failing_since);
  EXPECT_EQ(runner.health().gave_up, 3u);
  runner.start();
  ASSERT_TRUE(eventually([&] { return runner.failures() >= 1; }));
  clock.advance(std::chrono::seconds(30));
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 5; }))
      << "the fourth, and the announcement passed over with it";
  EXPECT_EQ(runner.health().gave_up, 4u);
  flaky->fail_next(0);
  AlertRouter router(store, hub, {&runner});
  router.emit(make_alert("208.65.153.0/24", 17557));
  clock.advance(std::chrono::seconds(30));  // past the backoff
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 6; }));
  EXPECT_EQ(flaky->ids(), std::vector<uint64_t>{6});
  EXPECT_EQ(runner.health().state, SinkState::kOk);
  runner.stop();
}

// A backlog of many reads is given up in one step, announced once: not a batch per failed
// attempt (each a timeout and a backoff apart), which would take hours after a day's outage.
TEST(SinkRunner, ABacklogIsGivenUpInOneStepAndAnnouncedOnce) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  ManualClock clock;
  AlertStore store(**db, clock);
  MetaStore meta(**db);
  AlertHub hub;
  std::mutex mu;
  std::vector<SinkGaveUp> announced;
  constexpr uint64_t kBacklog = 3 * SinkRunner::kReadBatch + 17;
  SinkRunner runner(std::make_unique<FlakySink>(1000000), store, meta, SinkFilter{}, nullptr,
                    clock);
  runner.set_coalesce(std::chrono::milliseconds(0));  // time by hand
  runner.set_give_up(std::chrono::seconds(60), [&](const SinkGaveUp& g) {
    std::lock_guard lock(mu);
    announced.push_back(g);
  });
  {
    AlertRouter router(store, hub, {});  // stored before the runner reads
    for (uint64_t i = 0; i < kBacklog; ++i) router.emit(make_alert("208.65.153.0/24", 17557));
  }
  runner.start();
  ASSERT_TRUE(eventually([&] { return runner.failures() >= 1; }));
  clock.advance(std::chrono::seconds(61));
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == kBacklog; }));
  EXPECT_EQ(runner.failures(), 2u) << "one failed attempt after the wait gives up all";
  EXPECT_EQ(runner.health().gave_up, kBacklog);
  runner.stop();
  std::lock_guard lock(mu);
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_EQ(announced[0].first_id, 1u);
  EXPECT_EQ(announced[0].last_id, kBacklog);
  EXPECT_EQ(announced[0].count, kBacklog);
}

// An operator sends alerts again from an id: the sink gets them again, in order.
TEST(SinkRunner, RedeliverFromAnId) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  MetaStore meta(**db);
  AlertHub hub;
  auto* sink = new FlakySink(0);
  SinkRunner runner(std::unique_ptr<AlertSink>(sink), store, meta);
  runner.start();
  AlertRouter router(store, hub, {&runner});
  for (int i = 0; i < 3; ++i) router.emit(make_alert("208.65.153.0/24", 17557));
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 3; }));
  EXPECT_EQ(runner.redeliver_from(2), 3u);
  ASSERT_TRUE(eventually([&] { return sink->ids().size() == 5; }));
  EXPECT_EQ(sink->ids(), (std::vector<uint64_t>{1, 2, 3, 2, 3}));
  EXPECT_EQ(runner.delivered_id(), 3u);
  runner.stop();
  EXPECT_EQ(meta.get("sink/flaky/acked"), "3");
}

// Records every message (alert or digest) it is given.
class RecordingSink : public AlertSink {
 public:
  const std::string& name() const override { return name_; }
  Status deliver(const std::vector<Alert>& alerts) override {
    std::lock_guard lock(mu_);
    messages_.insert(messages_.end(), alerts.begin(), alerts.end());
    return ok_status();
  }
  std::vector<Alert> messages() {
    std::lock_guard lock(mu_);
    return messages_;
  }

 private:
  std::string name_ = "chat";
  std::mutex mu_;
  std::vector<Alert> messages_;
};

// Storm control: 500 hijack events in a burst through a sink allowed 5 messages a minute
// become 4 notices and one digest naming the other 496; a minute on, notices go out one by
// one again. A stop while notices are held leaves them unacknowledged (read again).
TEST(SinkRunner, AStormBecomesDigestsThatNameEveryEvent) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  ManualClock clock;
  AlertStore store(**db, clock);
  MetaStore meta(**db);
  AlertHub hub;
  auto* sink = new RecordingSink;
  SinkRunner runner(std::unique_ptr<AlertSink>(sink), store, meta, SinkFilter{}, nullptr, clock);
  runner.set_coalesce(std::chrono::milliseconds(0));  // time by hand
  runner.set_storm(StormLimit{5, 60});
  runner.start();
  AlertRouter router(store, hub, {&runner});
  for (uint64_t event = 1; event <= 500; ++event) {
    Alert a = make_alert("208.65.153.0/24", 17557);
    a.prefix = *Prefix::parse("10." + std::to_string(event / 256) + "." +
                              std::to_string(event % 256) + ".0/24");
    a.event_id = event;
    a.notice = EventNotice::kStarted;
    router.emit(a);
  }
  ASSERT_TRUE(eventually([&] { return sink->messages().size() == 4; }));
  // All read (and held) before the clock moves: what is read later counts from then.
  ASSERT_TRUE(eventually([&] { return runner.read_id() == 500; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(sink->messages().size(), 4u) << "the fifth message is kept for a digest";
  clock.advance(std::chrono::seconds(12));  // the flood has paused for 60 s / 5
  ASSERT_TRUE(eventually([&] { return sink->messages().size() == 5; }));
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 500; }));
  const auto messages = sink->messages();
  std::set<uint64_t> named;
  for (size_t i = 0; i < 4; ++i) named.insert(messages[i].event_id);
  const std::string& digest = messages[4].description;
  EXPECT_EQ(digest.rfind("Storm control: 496 events held since ", 0), 0u) << digest.substr(0, 200);
  const std::regex entry(" #([0-9]+)");
  for (std::sregex_iterator it(digest.begin(), digest.end(), entry), end; it != end; ++it)
    named.insert(std::stoull((*it)[1]));
  EXPECT_EQ(named.size(), 500u) << "every event is named";
  EXPECT_NE(digest.find("\nSUBPREFIX_HIJACK: 10.0.5.0/24 AS17557 #5, "), std::string::npos)
      << digest.substr(0, 300);

  // A minute after the burst the window is free: one by one again.
  clock.advance(std::chrono::seconds(61));
  Alert next = make_alert("208.65.154.0/24", 17557);
  next.event_id = 501;
  next.notice = EventNotice::kStarted;
  router.emit(next);
  ASSERT_TRUE(eventually([&] { return sink->messages().size() == 6; }));
  EXPECT_EQ(sink->messages().back().event_id, 501u);

  // Another burst, then a stop while it is held: the held notices stay unacknowledged.
  for (uint64_t event = 502; event <= 520; ++event) {
    Alert a = make_alert("208.65.155.0/24", 17557);
    a.event_id = event;
    a.notice = EventNotice::kStarted;
    router.emit(a);
  }
  ASSERT_TRUE(eventually([&] { return sink->messages().size() == 9; }));  // 3 more: 4 in 60 s
  ASSERT_TRUE(eventually([&] { return runner.read_id() == 520; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  runner.stop();
  EXPECT_EQ(runner.delivered_id(), 504u) << "through the last notice sent; 505.. are held";
}

// One message a second: a receiver that answers, slowly.
class SlowSink : public PerAlertSink {
 public:
  const std::string& name() const override { return name_; }
  size_t sent() const { return sent_.load(); }

 private:
  Status send(const Alert&) override {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    ++sent_;
    return ok_status();
  }
  std::string name_ = "slow";
  std::atomic<size_t> sent_{0};
};

// SIGTERM with a slow receiver and a full batch: the last delivery is cut at the stop grace
// (5 s), not after 100 messages; the rest waits in the store, and the cut is not a failure.
TEST(SinkRunner, AStopDoesNotWaitForASlowReceiversWholeBatch) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  MetaStore meta(**db);
  AlertHub hub;
  auto* sink = new SlowSink;
  SinkRunner runner(std::unique_ptr<AlertSink>(sink), store, meta);
  runner.start();
  AlertRouter router(store, hub, {&runner});
  for (int i = 0; i < 100; ++i) router.emit(make_alert("208.65.153.0/24", 17557));
  ASSERT_TRUE(eventually([&] { return sink->sent() >= 1; }));
  const auto start = std::chrono::steady_clock::now();
  runner.stop();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, SinkRunner::kStopGrace + std::chrono::seconds(2));
  EXPECT_LT(sink->sent(), 100u);
  EXPECT_EQ(runner.failures(), 0u) << "cut short by the stop, not failed";
  EXPECT_FALSE(meta.get("sink/slow/failing_since"));
  EXPECT_LT(runner.delivered_id(), 100u) << "what was not sent waits in the store";
}

// A sink's minimum confidence: event notices scored below it are passed over (and count as
// handled, so they are not read again), alerts from before events always go out.
TEST(SinkRunner, MinimumConfidencePassesOverWeakEvents) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  MetaStore meta(**db);
  AlertHub hub;
  auto* sink = new FlakySink(0);
  SinkFilter at_least_6;
  at_least_6.min_confidence = 6;
  SinkRunner runner(std::unique_ptr<AlertSink>(sink), store, meta, at_least_6);
  runner.start();
  AlertRouter router(store, hub, {&runner});
  for (uint32_t confidence : {8, 3, 5, 6, 2}) {
    Alert a = make_alert("208.65.153.0/24", 17557);
    a.event_id = 1;
    a.notice = EventNotice::kStarted;
    a.confidence = confidence;
    router.emit(a);
  }
  router.emit(make_alert("208.65.154.0/24", 17557));  // no notice: from before events
  for (int i = 0; i < 2; ++i) {  // a batch of only weak ones still moves the position on
    Alert a = make_alert("208.65.155.0/24", 17557);
    a.notice = EventNotice::kChanged;
    a.confidence = 1;
    router.emit(a);
  }
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 8; }));
  runner.stop();
  EXPECT_EQ(sink->ids(), (std::vector<uint64_t>{1, 4, 6}));
  EXPECT_EQ(meta.get("sink/flaky/acked"), "8");
}

// Silences keep matching alerts from a sink (passed over, counted, the position moves on);
// every criterion given must match; an expired silence mutes nothing.
TEST(SinkRunner, SilencedAlertsArePassedOver) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  MetaStore meta(**db);
  Silences silences(**db);
  const int64_t now = wall_clock_us();
  Silence by_prefix_and_asn;  // 208.65.153.0/24 and more specifics, by AS17557 only
  by_prefix_and_asn.prefix = Prefix::parse("208.65.153.0/24");
  by_prefix_and_asn.offending_asn = 17557;
  by_prefix_and_asn.until_us = now + 3600'000000;
  ASSERT_TRUE(silences.add(by_prefix_and_asn));
  Silence expired;
  expired.type = AlertType::kSubprefixHijack;
  expired.until_us = now - 1;
  ASSERT_TRUE(silences.add(expired));
  AlertHub hub;
  auto* sink = new FlakySink(0);
  SinkRunner runner(std::unique_ptr<AlertSink>(sink), store, meta, SinkFilter{}, &silences);
  runner.start();
  AlertRouter router(store, hub, {&runner});
  router.emit(make_alert("208.65.153.0/24", 17557));    // 1: silenced
  router.emit(make_alert("208.65.153.128/25", 17557));  // 2: silenced (more specific)
  router.emit(make_alert("208.65.153.0/24", 64500));    // 3: another origin
  router.emit(make_alert("208.65.152.0/24", 17557));    // 4: outside the prefix
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 4; }));
  runner.stop();
  EXPECT_EQ(sink->ids(), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(runner.silenced(), 2u);
}

// A silence ends when the runner's clock passes its end, not when the alert was made.
TEST(SinkRunner, ASilenceEndsOnTheRunnersClock) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  MetaStore meta(**db);
  ManualClock clock;
  Silences silences(**db, clock);
  Silence maintenance;
  maintenance.offending_asn = 17557;
  maintenance.until_us = clock.wall_us() + 3600'000000;
  ASSERT_TRUE(silences.add(maintenance));
  AlertHub hub;
  auto* sink = new FlakySink(0);
  SinkRunner runner(std::unique_ptr<AlertSink>(sink), store, meta, SinkFilter{}, &silences, clock);
  runner.set_coalesce(std::chrono::milliseconds(0));  // time by hand
  runner.start();
  AlertRouter router(store, hub, {&runner});
  router.emit(make_alert("208.65.153.0/24", 17557));  // 1: in the silence
  ASSERT_TRUE(eventually([&] { return runner.silenced() == 1; }));
  clock.advance(std::chrono::hours(1));
  router.emit(make_alert("208.65.153.0/24", 17557));  // 2: after it
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 2; }));
  runner.stop();
  EXPECT_EQ(sink->ids(), std::vector<uint64_t>{2});
  EXPECT_EQ(runner.silenced(), 1u);
}

// Silences live in the store: a restart keeps those in force; one deleted (ended early) is
// gone and its id is never given to another.
TEST(Silences, SurviveARestartAndIdsAreNeverReused) {
  test::TempDir dir;
  const int64_t now = wall_clock_us();
  Silence s;
  s.type = AlertType::kRouteLeak;
  s.who = "alice (unix socket)";
  s.comment = "maintenance CHG-42";
  s.created_us = now;
  s.until_us = now + 3600'000000;
  {
    auto db = Database::open(dir / "db");
    ASSERT_TRUE(db);
    Silences silences(**db);
    ASSERT_EQ(*silences.add(s), 1u);
    Silence event_only;
    event_only.event_id = 7;
    event_only.until_us = now + 3600'000000;
    ASSERT_EQ(*silences.add(event_only), 2u);
  }
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  Silences silences(**db);
  auto active = silences.active(wall_clock_us());
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[0].id, 1u);
  EXPECT_EQ(active[0].type, AlertType::kRouteLeak);
  EXPECT_EQ(active[0].comment, "maintenance CHG-42");
  EXPECT_EQ(active[0].who, "alice (unix socket)");
  EXPECT_EQ(active[1].event_id, 7u);
  Alert leak = make_alert("208.65.153.0/24", 17557);
  leak.type = AlertType::kRouteLeak;
  EXPECT_TRUE(silences.silenced(leak, wall_clock_us()));
  EXPECT_TRUE(*silences.remove(2, wall_clock_us()));
  EXPECT_FALSE(*silences.remove(2, wall_clock_us())) << "already ended";
  EXPECT_FALSE(*silences.remove(99, wall_clock_us()));
  EXPECT_EQ(*silences.add(s), 3u) << "the deleted silence's id is not reused";
  EXPECT_TRUE(*silences.remove(1, wall_clock_us()));
  EXPECT_FALSE(silences.silenced(leak, wall_clock_us() + 7200'000000)) << "expired";
}

TEST(FileSink, WritesOneJsonObjectPerLine) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  AlertStore store(**db);
  MetaStore meta(**db);
  AlertHub hub;
  auto subscription = hub.subscribe();
  SinkRunner runner(std::make_unique<FileSink>("file", FileSinkSettings{dir / "out/alerts.jsonl"}),
                    store, meta);
  runner.start();
  AlertRouter router(store, hub, {&runner});
  router.emit(make_alert("208.65.153.0/24", 17557));
  ASSERT_TRUE(eventually([&] { return runner.delivered_id() == 1; }));
  runner.stop();
  const auto lines = test::split_lines(test::read_file(dir / "out/alerts.jsonl"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"type\":\"SUBPREFIX_HIJACK\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"observed_origin\":17557"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"first_seen\":\"2008-02-24T18:47:57Z\""), std::string::npos)
      << lines[0];
  // Live subscribers get the stored alert, with its id.
  AlertSubscription::Alerts live;
  ASSERT_TRUE(subscription->take(live));
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0]->id, 1u);
}

TEST(AlertHub, ASubscriberTakesEverythingPublishedInOrderAndIsCalledOncePerTake) {
  AlertHub hub(8);
  int calls = 0;
  auto s = hub.subscribe([&] { ++calls; });
  auto publish = [&](uint64_t id) {
    Alert a = make_alert("208.65.153.0/24", 17557);
    a.id = id;
    hub.publish(a);
  };
  auto take = [&] {
    AlertSubscription::Alerts out;
    EXPECT_TRUE(s->take(out));
    std::vector<uint64_t> ids;
    for (const auto& a : out) ids.push_back(a->id);
    return ids;
  };
  EXPECT_TRUE(take().empty());
  for (uint64_t id = 1; id <= 3; ++id) publish(id);
  // Called at the first alert after a take, not per alert: the subscriber takes them all.
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(take(), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_TRUE(take().empty());
  publish(4);
  EXPECT_EQ(calls, 2);
  publish(5);
  EXPECT_EQ(calls, 2) << "not called again before it takes";
  hub.wake_all();
  EXPECT_EQ(calls, 3);
  // A subscriber letting alerts gather is called when they reach what it asked for, only.
  EXPECT_EQ(take(), (std::vector<uint64_t>{4, 5}));
  s->wake_at(3);
  for (uint64_t id = 6; id <= 9; ++id) publish(id);
  EXPECT_EQ(calls, 4) << "at the third alert, not at the others";
  EXPECT_EQ(s->size(), 4u);
  // Subscribers read the same ring, each at its own place.
  auto late = hub.subscribe();
  publish(10);
  AlertSubscription::Alerts out;
  ASSERT_TRUE(late->take(out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->id, 10u) << "a new subscriber starts at the next alert";
  EXPECT_EQ(take(), (std::vector<uint64_t>{6, 7, 8, 9, 10}));
  hub.unsubscribe(s);
  publish(11);
  EXPECT_EQ(calls, 4) << "an unsubscribed subscriber is not called";
  EXPECT_EQ(hub.subscribers(), 1u);
}

TEST(AlertHub, SlowSubscriberFallsBehindInsteadOfBlocking) {
  AlertHub hub(2);
  int calls = 0;
  auto s = hub.subscribe([&] { ++calls; });
  auto publish = [&](uint64_t id) {
    Alert a = make_alert("208.65.153.0/24", 17557);
    a.id = id;
    hub.publish(a);
  };
  for (uint64_t id = 1; id <= 5; ++id) publish(id);
  EXPECT_EQ(calls, 1) << "once, at the first: it comes when it can";
  // Alerts 1-3 were pushed out of the ring: none is handed out, or it would skip them; the
  // subscriber reads them all from the store and goes on from the newest.
  AlertSubscription::Alerts out;
  EXPECT_FALSE(s->take(out));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(s->take(out));
  EXPECT_TRUE(out.empty());
  publish(6);
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(s->take(out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->id, 6u);
  // Waiting for more than the ring holds, it is called when the ring is full, before a loss.
  s->wake_at(100);
  publish(7);
  EXPECT_EQ(calls, 2) << "not yet";
  publish(8);
  EXPECT_EQ(calls, 3);
  out.clear();
  EXPECT_TRUE(s->take(out));
  EXPECT_EQ(out.size(), 2u);
  hub.unsubscribe(s);
  EXPECT_EQ(hub.subscribers(), 0u);
}

}  // namespace bgpsentry
