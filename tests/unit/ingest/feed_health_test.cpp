// A live feed's health on a clock the test moves: staleness, the ping before it, the canary,
// shedding spells and the agent's own downtime, with no sleeping.
#include "agent/ingest/ris_live/feed_health.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bgpsentry {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

struct Reports : FeedObserver {
  std::vector<std::string> seen;  // "start outage @from" / "end outage @at"
  void feed_problem_started(const std::string&, FeedProblem problem, int64_t since_us,
                            const std::string&) override {
    seen.push_back(std::string("start ") + name(problem) + " @" + std::to_string(since_us));
  }
  void feed_problem_ended(const std::string&, FeedProblem problem, int64_t at_us,
                          const std::string&) override {
    seen.push_back(std::string("end ") + name(problem) + " @" + std::to_string(at_us));
  }
  static const char* name(FeedProblem p) {
    return p == FeedProblem::kOutage ? "outage" : p == FeedProblem::kOverload ? "overload" : "?";
  }
};

struct Feed {
  ManualClock clock;
  Reports reports;
  SourceStatusBoard board{SourceStatus{}};
  std::vector<std::pair<int64_t, int64_t>> closed;  // gaps handed to back-fill
  FeedHealth health;

  explicit Feed(FeedHealthOptions o) : health(with(std::move(o)), board, clock) {}
  FeedHealthOptions with(FeedHealthOptions o) {
    o.observer = &reports;
    o.gap_closed = [this](int64_t from, int64_t to) { closed.emplace_back(from, to); };
    return o;
  }
  std::string at(int64_t us) const { return " @" + std::to_string(us); }
};

Update announce(const char* prefix) {
  Update u;
  u.kind = UpdateKind::kAnnounce;
  u.prefix = *Prefix::parse(prefix);
  return u;
}

}  // namespace

TEST(FeedHealth, AQuietFeedIsAskedThenStaleUntilAMessageComes) {
  FeedHealthOptions o;
  o.stale_after = seconds(60);
  Feed f(o);
  f.health.connected();
  const int64_t connected = f.clock.wall_us();
  EXPECT_EQ(f.board.snapshot().state, SourceState::kConnected);
  // Closing the gap the first connection may end is reported even with none open.
  ASSERT_EQ(f.reports.seen, std::vector<std::string>{"end outage" + f.at(connected)});

  f.clock.advance(seconds(19));
  EXPECT_FALSE(f.health.check(true));
  f.clock.advance(seconds(1));
  EXPECT_TRUE(f.health.check(true)) << "a third of stale_after quiet: ask";
  EXPECT_FALSE(f.health.check(true)) << "asked once per third";
  f.clock.advance(seconds(40));
  f.health.check(true);
  EXPECT_EQ(f.board.snapshot().state, SourceState::kStale);
  EXPECT_EQ(f.reports.seen.back(), "start outage" + f.at(connected)) << "from the last message";

  f.clock.advance(seconds(5));
  const int64_t back = f.health.message();
  EXPECT_EQ(f.board.snapshot().state, SourceState::kConnected);
  EXPECT_EQ(f.reports.seen.back(), "end outage" + f.at(back));
  ASSERT_EQ(f.closed.size(), 1u);
  EXPECT_EQ(f.closed[0], std::make_pair(connected, back)) << "the gap goes to back-fill";
  const auto gaps = f.board.snapshot().gaps;
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].to_us - gaps[0].from_us, 65'000'000);
}

TEST(FeedHealth, ASilentCanaryIsAnOutageFromItsLastUpdate) {
  FeedHealthOptions o;
  o.stale_after = minutes(10);
  o.canary_prefixes = {*Prefix::parse("84.205.64.0/24")};
  o.canary_every = minutes(120);
  o.canary_grace = minutes(15);
  Feed f(o);
  f.health.connected();
  f.clock.advance(minutes(60));
  f.health.message();
  f.health.updates({announce("84.205.64.0/24")});
  const int64_t heard = f.clock.wall_us();
  // Other updates keep the feed from going quiet, but not the canary from going silent.
  for (int i = 0; i < 26; ++i) {
    f.clock.advance(minutes(5));
    f.health.message();
    f.health.updates({announce("193.0.0.0/21")});
    f.health.check(true);
  }
  EXPECT_EQ(f.board.snapshot().state, SourceState::kConnected) << "130 min: not yet";
  f.clock.advance(minutes(5));
  f.health.check(true);
  EXPECT_EQ(f.board.snapshot().state, SourceState::kStale);
  EXPECT_EQ(f.reports.seen.back(), "start outage" + f.at(heard));
  f.clock.advance(minutes(1));
  f.health.message();
  f.health.updates({announce("84.205.64.0/24")});
  EXPECT_EQ(f.board.snapshot().state, SourceState::kConnected);
  EXPECT_EQ(f.reports.seen.back(), "end outage" + f.at(f.clock.wall_us()));
}

TEST(FeedHealth, ASheddingSpellIsOneProblemEndedByQuiet) {
  FeedHealthOptions o;
  o.overload_quiet = seconds(5);
  Feed f(o);
  f.health.connected();
  f.reports.seen.clear();
  const int64_t first = f.clock.wall_us();
  f.health.shed(1024, 1);
  f.clock.advance(seconds(2));
  f.health.shed(1024, 0);
  const int64_t last = f.clock.wall_us();
  f.clock.advance(seconds(4));
  f.health.check(true);
  ASSERT_EQ(f.reports.seen, std::vector<std::string>{"start overload" + f.at(first)});
  f.clock.advance(seconds(1));
  f.health.check(true);
  EXPECT_EQ(f.reports.seen.back(), "end overload" + f.at(last));
}

TEST(FeedHealth, TheAgentsDowntimeIsAGapButNoFeedEvent) {
  ManualClock clock;
  FeedHealthOptions o;
  o.resumed_from_us = clock.wall_us() - 3'600'000'000;  // stored an hour ago
  o.gaps_at_start = {{1, 2}};                           // still due from before
  Feed f(o);
  f.clock.advance(seconds(1));
  f.health.disconnected("cannot connect");  // before the first connection
  const int64_t failed = f.clock.wall_us();
  f.clock.advance(seconds(30));
  f.health.connected();
  const auto s = f.board.snapshot();
  EXPECT_EQ(s.reconnects, 1u);
  ASSERT_EQ(s.gaps.size(), 2u);
  EXPECT_EQ(s.gaps[0].from_us, 1);
  EXPECT_EQ(s.gaps[1].from_us, *o.resumed_from_us) << "one gap from the last stored update";
  EXPECT_EQ(s.gaps[1].to_us, f.clock.wall_us());
  EXPECT_EQ(f.reports.seen, (std::vector<std::string>{"start outage" + f.at(failed),
                                                      "end outage" + f.at(f.clock.wall_us())}));
}

}  // namespace bgpsentry
