// FEED events of live sources: one event per outage or spell of shedding, alerted when it
// starts and ends; kept in a real store across a restart, and left alone by the EventBook.
#include "agent/events/feed_events.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "storage/event_store.h"
#include "tests/support/detector_test_support.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000'000;

TEST(FeedEvents, AnOutageIsOneEventAlertedWhenItStartsAndEnds) {
  test::CollectAlerts notices;
  FeedEvents feed(nullptr, notices);
  feed.feed_problem_started("rislive", FeedProblem::kOutage, kT0, "no message for 60000 ms");
  // A stale feed that then drops is the same outage.
  feed.feed_problem_started("rislive", FeedProblem::kOutage, kT0 + 5, "closed the connection");
  feed.feed_problem_started("rislive", FeedProblem::kOverload, kT0 + 7, "updates shed");
  EXPECT_EQ(feed.ongoing(), 2u);
  feed.feed_problem_ended("rislive", FeedProblem::kOutage, kT0 + 9, "connected again");
  feed.feed_problem_ended("rislive", FeedProblem::kOutage, kT0 + 10, "connected again");
  feed.feed_problem_ended("other", FeedProblem::kOverload, kT0 + 10, "unknown: ignored");
  EXPECT_EQ(feed.ongoing(), 1u);
  feed.drain();

  ASSERT_EQ(notices.alerts.size(), 3u);
  const Alert& started = notices.alerts[0];
  EXPECT_EQ(started.type, AlertType::kFeed);
  EXPECT_EQ(started.notice, EventNotice::kStarted);
  EXPECT_EQ(started.source, "rislive");
  EXPECT_EQ(started.first_seen_us, kT0);
  EXPECT_EQ(started.description, "source rislive: no message for 60000 ms");
  EXPECT_EQ(notices.alerts[1].notice, EventNotice::kStarted);
  EXPECT_NE(notices.alerts[1].event_id, started.event_id) << "shedding is its own event";
  const Alert& ended = notices.alerts[2];
  EXPECT_EQ(ended.notice, EventNotice::kEnded);
  EXPECT_EQ(ended.event_id, started.event_id);
  EXPECT_EQ(ended.first_seen_us, kT0);
  EXPECT_EQ(ended.last_seen_us, kT0 + 9);
  EXPECT_EQ(ended.description, "source rislive: no message for 60000 ms; ended: connected again");
}

TEST(FeedEvents, AnOutageOutlivesARestartAndShedSpellsEndWithTheRun) {
  test::TempDir dir;
  uint64_t outage_id = 0, overload_id = 0, gone_id = 0;
  {
    auto db = Database::open(dir.path());
    ASSERT_TRUE(db) << db.error();
    EventStore store(**db);
    test::CollectAlerts notices;
    FeedEvents feed(&store, notices);
    feed.feed_problem_started("rislive", FeedProblem::kOutage, kT0, "closed the connection");
    feed.feed_problem_started("rislive", FeedProblem::kOverload, kT0 + 1, "updates shed");
    feed.feed_problem_started("removed", FeedProblem::kOutage, kT0 + 2, "closed the connection");
    feed.drain();
    ASSERT_EQ(notices.alerts.size(), 3u);
    outage_id = notices.alerts[0].event_id;
    overload_id = notices.alerts[1].event_id;
    gone_id = notices.alerts[2].event_id;
    auto stored = store.get(outage_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, EventStatus::kOngoing);
    EXPECT_EQ(stored->subject, "rislive: outage");
  }
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error();
  EventStore store(**db);
  test::CollectAlerts notices;
  FeedEvents feed(&store, notices);
  ASSERT_TRUE(feed.restore({"rislive"}, kT0 + 100));
  EXPECT_EQ(feed.ongoing(), 1u) << "the outage of a source still configured";
  feed.drain();
  ASSERT_EQ(notices.alerts.size(), 2u) << "the shed spell and the removed source's outage end";
  for (uint64_t id : {overload_id, gone_id}) {
    auto e = store.get(id);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->status, EventStatus::kEnded);
    EXPECT_EQ(e->end_us, kT0 + 100);
  }
  feed.feed_problem_ended("rislive", FeedProblem::kOutage, kT0 + 200, "connected again");
  feed.drain();
  auto outage = store.get(outage_id);
  ASSERT_TRUE(outage);
  EXPECT_EQ(outage->status, EventStatus::kEnded);
  EXPECT_EQ(outage->start_us, kT0);
  EXPECT_EQ(outage->end_us, kT0 + 200);
  EXPECT_EQ(notices.alerts.back().event_id, outage_id);
}

// Sources report from their own threads (a RIS Live reader, the store's recovery heard on
// whichever thread's write recovered): reporting never waits for the store or the sinks,
// and status (ongoing) answers while a notice is stuck.
TEST(FeedEvents, ReportingNeverWaitsForTheStoreOrTheSinks) {
  struct StuckSink : AlertEmitter {
    std::mutex mu;
    std::condition_variable cv;
    bool release = false;
    std::vector<Alert> alerts;
    void emit(Alert a) override {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return release; });
      alerts.push_back(std::move(a));
    }
  } sink;
  FeedEvents feed(nullptr, sink);
  const auto start = std::chrono::steady_clock::now();
  feed.feed_problem_started("rislive", FeedProblem::kOutage, kT0, "closed the connection");
  feed.feed_problem_ended("rislive", FeedProblem::kOutage, kT0 + 1, "connected again");
  feed.feed_problem_started("rislive", FeedProblem::kOverload, kT0 + 2, "updates shed");
  EXPECT_EQ(feed.ongoing(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  {
    std::lock_guard lock(sink.mu);
    sink.release = true;
  }
  sink.cv.notify_all();
  feed.drain();
  ASSERT_EQ(sink.alerts.size(), 3u);
  EXPECT_EQ(sink.alerts[0].notice, EventNotice::kStarted);
  EXPECT_EQ(sink.alerts[1].notice, EventNotice::kEnded) << "in the order reported";
  EXPECT_EQ(sink.alerts[1].event_id, sink.alerts[0].event_id);
  EXPECT_EQ(sink.alerts[2].notice, EventNotice::kStarted);
}

}  // namespace
}  // namespace bgpsentry
