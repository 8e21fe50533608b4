// The RIS Live WebSocket source against our own RIS Live server on 127.0.0.1, fed with the
// YouTube archive converted to RIS Live messages: subscriptions, detection, a dropped
// connection (reconnect, the gap recorded), a stalled feed (STALE) and garbage frames.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "agent/core/wall_clock.h"
#include "agent/decode/ris_message.h"
#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/ingest/ris_live/ris_live_source.h"
#include "agent/wire/mrt_writer.h"
#include "agent/wire/proto_convert.h"
#include "bgpsentry/v1/types.pb.h"
#include "tests/integration/daemon.h"
#include "tests/support/ris_live_replay_server.h"
#include "tests/support/tinyproxy.h"

namespace bgpsentry {
namespace {

using test::Daemon;
using test::eventually;
using test::parse_json;
namespace v1 = bgpsentry::v1;
using namespace std::chrono_literals;

// The YouTube archive as RIS Live messages, one per BGP message.
const std::vector<std::string>& youtube_messages() {
  static const auto messages = [] {
    const auto r = test::run_command({test::bgpctl(), "mrt", "dump", "--ris-live", "--host",
                                      "rrc00", test::shared_data(test::kYoutube)});
    EXPECT_EQ(r.exit_code, 0);
    return test::split_lines(r.out);
  }();
  return messages;
}

std::string live_source(const test::RisLiveReplayServer& server, int stale_after = 60) {
  return "    url: " + server.url() +
         "\n    client: bgpsentry-test\n    stale_after: " + std::to_string(stale_after) + "\n";
}

std::vector<v1::Event> hijack_events(const Daemon& daemon) {
  return daemon.events("SUBPREFIX_HIJACK");
}

std::vector<v1::Event> feed_events(const Daemon& daemon) {
  return daemon.events("FEED");
}

std::vector<v1::Alert> feed_alerts(const Daemon& daemon) {
  std::vector<v1::Alert> out;
  for (auto& a : daemon.alerts())
    if (a.type() == v1::FEED) out.push_back(std::move(a));
  return out;
}

// An archive file's name for Unix time `t` rounded down to RIS's five minutes.
std::string archive_name(int64_t t) {
  const time_t start = t - t % 300;
  std::tm tm{};
  gmtime_r(&start, &tm);
  char name[32];
  std::strftime(name, sizeof name, "updates.%Y%m%d.%H%M", &tm);
  return name;
}

bool in_youtube_space(const Prefix& p) {
  for (const char* text : {"208.65.152.0/22", "208.117.224.0/19", "64.15.112.0/20"}) {
    const Prefix monitored = *Prefix::parse(text);
    if (monitored.contains(p) || p.contains(monitored)) return true;
  }
  return false;
}

}  // namespace

TEST(RisLive, SubscribesAndDetectsTheYoutubeHijack) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  // Paced like a busy live feed: this test is about detection, not about overload (under
  // the sanitizers a flood would be shed, counted, and the check would be about that).
  test::RisLiveReplayServer server(youtube_messages(),
                                   {.expect_subscriptions = 3, .per_second = 5000});
  Daemon daemon(dir, {}, test::kYoutubePrefixes, live_source(server), "", "ris_live");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return server.sent() == youtube_messages().size(); }))
      << daemon.log();
  size_t total = 0;
  test::bgpdump_prefix_counts(test::shared_data(test::kYoutube), &total);
  // Every message read, every update handed on (batches leave within 20 ms) and processed.
  ASSERT_TRUE(eventually([&] {
    auto s = daemon.status();
    return s.sources(0).records() == youtube_messages().size() && s.sources(0).updates() == total &&
           s.updates_processed() == total;
  })) << daemon.ctl({"status", "-o", "json"}).out;
  EXPECT_EQ(server.target(), "/v1/ws/?client=bgpsentry-test");
  const auto subs = server.subscriptions();
  ASSERT_EQ(subs.size(), 3u);
  EXPECT_EQ(
      subs[0],
      R"({"type":"ris_subscribe","data":{"prefix":"208.65.152.0/22","moreSpecific":true,"lessSpecific":true}})");
  const auto status = daemon.status();
  EXPECT_EQ(status.sources(0).type(), "ris_live");
  EXPECT_EQ(status.sources(0).state(), v1::CONNECTED);
  EXPECT_EQ(status.sources(0).records(), youtube_messages().size());
  EXPECT_EQ(status.sources(0).dropped(), 0u);
  EXPECT_EQ(status.sources(0).parse_errors(), 0u);
  EXPECT_EQ(status.store().updates_stored(), total);
  const auto events = hijack_events(daemon);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].prefixes(0), "208.65.153.0/24");
  EXPECT_EQ(events[0].offending_asn(), 17557u);
  EXPECT_GE(events[0].peers_seen(), 40u);
}

// The server cuts the connection: the source reconnects, subscribes again, gets the rest,
// and the outage is recorded as a closed gap.
TEST(RisLive, ReconnectsAfterADropAndRecordsTheGap) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  test::RisLiveReplayServer server(
      youtube_messages(), {.expect_subscriptions = 3, .drop_after = 5000, .per_second = 5000});
  Daemon daemon(dir, {}, test::kYoutubePrefixes, live_source(server), "", "ris_live");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return server.sent() == youtube_messages().size(); }))
      << daemon.log();
  ASSERT_TRUE(eventually([&] {
    return daemon.status().sources(0).records() == youtube_messages().size();
  })) << daemon.log();
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(server.subscriptions().size(), 6u) << "subscribed again after the reconnect";
  const auto source = daemon.status().sources(0);
  EXPECT_EQ(source.state(), v1::CONNECTED);
  EXPECT_EQ(source.reconnects(), 1u);
  ASSERT_EQ(source.gaps_size(), 1);
  EXPECT_TRUE(source.gaps(0).has_from());
  EXPECT_TRUE(source.gaps(0).has_to()) << "closed once messages flowed again";
  EXPECT_EQ(hijack_events(daemon).size(), 1u);

  // The outage is one FEED event, alerted when it opened and when it closed, whose times
  // are the gap's.
  const auto events = feed_events(daemon);
  ASSERT_EQ(events.size(), 1u);
  const auto& outage = events[0];
  EXPECT_EQ(outage.status(), v1::ENDED);
  EXPECT_EQ(outage.subject(), "ris_live: outage");
  EXPECT_EQ(outage.start_time().seconds(), source.gaps(0).from().seconds());
  EXPECT_EQ(outage.end_time().seconds(), source.gaps(0).to().seconds());
  EXPECT_EQ(outage.confidence(), 10u);
  EXPECT_NE(outage.description().find("closed the connection"), std::string::npos)
      << outage.description();
  const auto alerts = feed_alerts(daemon);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].notice(), v1::EVENT_STARTED);
  EXPECT_EQ(alerts[1].notice(), v1::EVENT_ENDED);
  for (const auto& a : alerts) {
    EXPECT_EQ(a.event_id(), outage.id());
    EXPECT_EQ(a.source(), "ris_live");
    EXPECT_EQ(a.prefix(), "") << "about a feed, not a prefix";
  }
  // Sinks hear of it too.
  const std::string delivered = test::read_file(dir / "var/alerts.jsonl");
  EXPECT_NE(delivered.find("\"FEED\""), std::string::npos) << delivered;
}

// A feed that stalls is STALE within stale_after, with an open gap; garbage frames are
// counted and the session goes on.
TEST(RisLive, StalledFeedIsStaleAndGarbageIsCounted) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  test::RisLiveReplayServer server(
      youtube_messages(),
      {.expect_subscriptions = 3, .stall_after = 100, .garbage_before = {10, 20}});
  Daemon daemon(dir, {}, test::kYoutubePrefixes, live_source(server, 1), "", "ris_live");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return daemon.status().sources(0).records() == 100; }, 20s))
      << daemon.log();
  const auto before = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually([&] { return daemon.status().sources(0).state() == v1::STALE; }, 10s))
      << daemon.log();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 3s) << "stale_after is 1 s";
  EXPECT_GE(server.pings(), 1u) << "it asked the quiet feed, which did not answer";
  const auto source = daemon.status().sources(0);
  EXPECT_EQ(source.parse_errors(), 2u);
  EXPECT_NE(source.last_error().find("not valid JSON"), std::string::npos) << source.last_error();
  ASSERT_EQ(source.gaps_size(), 1);
  EXPECT_FALSE(source.gaps(0).has_to()) << "still open";
  EXPECT_EQ(source.reconnects(), 0u);

  // A FEED event, ONGOING while the gap is open, alerted when it opened.
  ASSERT_TRUE(eventually([&] { return feed_events(daemon).size() == 1; }, 5s));
  const auto outage = feed_events(daemon)[0];
  EXPECT_EQ(outage.status(), v1::ONGOING);
  EXPECT_NE(outage.description().find("STALE"), std::string::npos) << outage.description();
  const auto alerts = feed_alerts(daemon);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].notice(), v1::EVENT_STARTED);
  EXPECT_EQ(daemon.status().events_ongoing(), 1u);

  // The outage outlives a restart and ends when the feed is connected again; the server,
  // still stalled, then makes a new one.
  daemon.terminate();
  daemon.start();
  ASSERT_TRUE(eventually([&] { return feed_events(daemon).size() == 2; }, 10s)) << daemon.log();
  const auto events = feed_events(daemon);  // newest first
  EXPECT_EQ(events[1].id(), outage.id());
  EXPECT_EQ(events[1].status(), v1::ENDED);
  EXPECT_NE(events[1].description().find("connected again"), std::string::npos)
      << events[1].description();
  EXPECT_EQ(events[0].status(), v1::ONGOING);
}

// A feed with nothing to send for many times stale_after, but alive (it answers pings with
// pongs), stays CONNECTED: a few quiet monitored prefixes are not an outage.
TEST(RisLive, AQuietFeedThatAnswersPingsStaysConnected) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  test::RisLiveReplayServer server(youtube_messages(), {.expect_subscriptions = 3});
  Daemon daemon(dir, {}, test::kYoutubePrefixes, live_source(server, 1), "", "ris_live");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return server.sent() == youtube_messages().size(); }, 20s))
      << daemon.log();
  ASSERT_TRUE(eventually([&] { return server.pings() >= 6; }, 20s)) << daemon.log();
  const auto source = daemon.status().sources(0);
  EXPECT_EQ(source.state(), v1::CONNECTED) << daemon.log();
  EXPECT_EQ(source.gaps_size(), 0);
  EXPECT_EQ(source.parse_errors(), 0u);
  EXPECT_GT(source.records(), youtube_messages().size()) << "the pongs came";
  EXPECT_TRUE(feed_events(daemon).empty());
}

// A RIS Live that answers pings but relays nothing is caught by the canary: a prefix RIS
// updates on a schedule (here one of the file's busiest, 202.140.63.0/24, updated every
// few hundred messages) must be heard from every `every` + `grace` seconds. The feed pauses
// for 12 s: STALE (after 3 s) with a gap from the last canary update, until it is heard
// again. The pause leaves the checks made while STALE time to run under the sanitizers.
TEST(RisLive, ASilentCanaryMakesTheFeedStaleUntilItIsHeardAgain) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto& messages = youtube_messages();
  const std::string canary = "\"202.140.63.0/24\"";
  size_t last_before = 0, first_after = 0;
  constexpr size_t kPause = 1600;
  for (size_t i = 0; i < messages.size(); ++i)
    if (messages[i].find(canary) != std::string::npos) {
      if (i < kPause) last_before = i;
      if (i >= kPause && !first_after) first_after = i;
    }
  ASSERT_GT(last_before, 0u);
  ASSERT_GT(first_after, kPause);
  test::TempDir dir;
  test::RisLiveReplayServer server(
      messages, {.expect_subscriptions = 4, .pause_before = kPause, .pause_for = 12000ms});
  Daemon daemon(dir, {}, test::kYoutubePrefixes,
                live_source(server) +
                    "    canary:\n      prefixes: [202.140.63.0/24]\n      every: 2\n"
                    "      grace: 1\n",
                "", "ris_live");
  daemon.start();
  v1::SourceStatus source;
  ASSERT_TRUE(eventually(
      [&] {
        source = daemon.status().sources(0);
        return source.state() == v1::STALE;
      },
      20s))
      << daemon.log();
  EXPECT_LT(server.sent(), first_after) << "STALE during the pause";
  EXPECT_EQ(server.subscriptions().back(),
            R"({"type":"ris_subscribe","data":{"prefix":"202.140.63.0/24"}})");
  ASSERT_EQ(source.gaps_size(), 1);
  EXPECT_FALSE(source.gaps(0).has_to());
  auto events = feed_events(daemon);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status(), v1::ONGOING);
  EXPECT_NE(events[0].description().find("canary"), std::string::npos) << events[0].description();

  ASSERT_TRUE(eventually([&] {
    source = daemon.status().sources(0);
    return source.state() == v1::CONNECTED && source.records() == messages.size();
  })) << daemon.log();
  ASSERT_EQ(source.gaps_size(), 1);
  EXPECT_TRUE(source.gaps(0).has_to()) << "closed by the canary heard again";
  const int64_t length_us =
      wire::from_timestamp(source.gaps(0).to()) - wire::from_timestamp(source.gaps(0).from());
  EXPECT_GE(length_us, 5'000'000) << "from the last canary update before the pause";
  events = feed_events(daemon);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status(), v1::ENDED);
}

// The MRT archive RIS would have written over `gaps`: what the live feed brought (as the
// agent stored it) and each gap's missed messages, stamped evenly within it; in one file
// from before the first gap, and an empty file from after the last (RIS has moved on: the
// first is complete). Returns the updates of the monitored space (what a back-fill stores)
// missed in each gap.
std::vector<size_t> write_archive(const Daemon& daemon, const std::string& dir,
                                  const std::vector<std::pair<int64_t, int64_t>>& gaps,
                                  const std::vector<std::vector<std::string>>& missed) {
  std::vector<Update> archived;
  for (const char* everything : {"0.0.0.0/0", "::/0"}) {
    const std::string file = dir + "/../live.mrt";
    const auto r =
        daemon.ctl({"history", everything, "--more-specific", "--format", "mrt", "-O", file});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto stream = open_byte_stream(file);
    EXPECT_TRUE(stream) << stream.error();
    if (!stream) continue;
    auto reader = open_mrt_reader(std::move(*stream), file, "rrc00",
                                  [](const std::string& e) { ADD_FAILURE() << e; });
    while (reader->next(archived)) {
    }
  }
  EXPECT_GT(archived.size(), 1000u);
  RisMessageDecoder decoder;
  std::vector<size_t> in_scope;
  for (size_t g = 0; g < gaps.size(); ++g) {
    std::vector<Update> updates;
    for (const auto& message : missed[g]) {
      auto m = decoder.decode(message, "rrc00");
      EXPECT_TRUE(m) << m.error();
      if (m)
        for (auto& u : m->updates) updates.push_back(std::move(u));
    }
    const auto [from_us, to_us] = gaps[g];
    size_t n = 0;
    for (size_t k = 0; k < updates.size(); ++k) {
      Update& u = updates[k];
      u.time_us = from_us + (to_us - from_us) * static_cast<int64_t>(k + 1) /
                                static_cast<int64_t>(updates.size() + 1);
      n += u.kind == UpdateKind::kPeerState || in_youtube_space(u.prefix);
      archived.push_back(std::move(u));
    }
    in_scope.push_back(n);
  }
  std::stable_sort(archived.begin(), archived.end(),
                   [](const Update& a, const Update& b) { return a.time_us < b.time_us; });
  std::string mrt;
  for (const auto& u : archived) wire::append_mrt_record(u, mrt);
  std::ofstream(dir + "/.writing") << mrt;
  std::filesystem::rename(dir + "/.writing",
                          dir + "/" + archive_name(gaps.front().first / 1000000));
  std::ofstream(dir + "/" + archive_name(gaps.back().second / 1000000 + 300));
  return in_scope;
}

size_t hijack_announcements(const std::vector<std::string>& messages) {
  RisMessageDecoder decoder;
  size_t n = 0;
  for (const auto& message : messages)
    if (auto m = decoder.decode(message, "rrc00"))
      for (const auto& u : m->updates)
        n += u.kind == UpdateKind::kAnnounce && u.prefix.to_string() == "208.65.153.0/24";
  return n;
}

// Across a drop and a restart of the agent, every announcement of the hijacked /24 is in the
// history once: what the feed brought live, and what the archive brings for the gaps. The
// first gap's back-fill, still waiting for the archive when the agent stops, is kept in the
// store and done after the restart; the time the agent was down is a gap of its own.
TEST(RisLive, GapsDueAndTheAgentsDowntimeAreBackFilledAfterARestart) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto& messages = youtube_messages();
  size_t first = SIZE_MAX;
  for (size_t i = 0; i < messages.size() && first == SIZE_MAX; ++i)
    if (messages[i].find("\"208.65.153.0/24\"") != std::string::npos) first = i;
  ASSERT_NE(first, SIZE_MAX);
  // Live until `first`; gap 1 loses 100 messages; live for 300; the agent stops; 500 more
  // pass while it is down; live again for the rest.
  const size_t lost1 = 100, live2 = 300, down = 500;
  const size_t restart_at = first + lost1 + live2 + down;
  auto slice = [&](size_t from, size_t to) {
    return std::vector<std::string>(messages.begin() + static_cast<long>(from),
                                    messages.begin() + static_cast<long>(to));
  };
  test::TempDir dir;
  std::filesystem::create_directory(dir / "archive");
  const std::string backfill =
      "    backfill:\n      archives:\n        rrc00: [archive]\n      wait: 120\n";
  int64_t gap1_from = 0, gap1_to = 0;
  {
    test::RisLiveReplayServer server(messages, {.expect_subscriptions = 3,
                                                .drop_after = first,
                                                .lost_in_drop = lost1,
                                                .stall_after = first + lost1 + live2,
                                                .stamp_now = true});
    Daemon daemon(dir, {}, test::kYoutubePrefixes, live_source(server) + backfill, "", "ris_live");
    daemon.start();
    ASSERT_TRUE(eventually([&] {
      const auto s = daemon.status();
      return s.sources(0).records() == first + live2 && s.sources(0).gaps_size() == 1 &&
             s.sources(0).gaps(0).has_to() && s.store().updates_stored() == s.sources(0).updates();
    })) << daemon.log();
    const auto gap = daemon.status().sources(0).gaps(0);
    EXPECT_EQ(gap.backfill(), "waiting");
    gap1_from = wire::from_timestamp(gap.from());
    gap1_to = wire::from_timestamp(gap.to());
    EXPECT_EQ(daemon.terminate(), 0);
  }
  test::RisLiveReplayServer server(slice(restart_at, messages.size()),
                                   {.expect_subscriptions = 3, .stamp_now = true});
  // The config names the old server's port; point it at the new one.
  Daemon daemon(dir, {}, test::kYoutubePrefixes, live_source(server) + backfill, "", "ris_live");
  daemon.start();
  v1::SourceStatus source;
  ASSERT_TRUE(eventually([&] {
    source = daemon.status().sources(0);
    return source.records() == messages.size() - restart_at && source.gaps_size() == 2;
  })) << daemon.log();
  EXPECT_EQ(wire::from_timestamp(source.gaps(0).from()), gap1_from) << "kept across the restart";
  EXPECT_EQ(wire::from_timestamp(source.gaps(0).to()), gap1_to);
  const int64_t down_from = wire::from_timestamp(source.gaps(1).from());
  const int64_t down_to = wire::from_timestamp(source.gaps(1).to());
  EXPECT_GE(down_from, gap1_to) << "from the last update stored before the stop";
  EXPECT_GT(down_to, down_from);
  EXPECT_EQ(source.gaps(1).backfill(), "waiting");
  EXPECT_TRUE(feed_events(daemon).size() == 1u) << "a restart is not a FEED event";

  const auto expected =
      write_archive(daemon, dir / "archive", {{gap1_from, gap1_to}, {down_from, down_to}},
                    {slice(first, first + lost1), slice(first + lost1 + live2, restart_at)});
  ASSERT_TRUE(eventually([&] {
    source = daemon.status().sources(0);
    return source.gaps(0).backfill() == "done" && source.gaps(1).backfill() == "done";
  })) << daemon.ctl({"status", "-o", "json"}).out
      << daemon.log();
  // The gaps may share a second (the live stretch between them is short): an update of that
  // second can be in the first gap's back-fill and so left out of the second's.
  EXPECT_EQ(source.gaps(0).backfilled_updates() + source.gaps(1).backfilled_updates(),
            expected[0] + expected[1])
      << source.gaps(0).backfill_detail() << "; " << source.gaps(1).backfill_detail();
  const auto history =
      daemon.ctl({"history", "208.65.153.0/24", "--type", "a", "--limit", "100000", "-o", "json"});
  EXPECT_EQ(test::split_lines(history.out).size(), hijack_announcements(messages)) << history.err;
  ASSERT_EQ(hijack_events(daemon).size(), 1u);
}

// After a restart the feed cannot be reached at first: the time since the last update the
// agent stored is one gap (down, then failing to connect), not two overlapping ones.
TEST(RisLive, AFeedUnreachableAfterARestartMakesOneGapFromTheLastStoredUpdate) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto& messages = youtube_messages();
  const std::vector<std::string> before(messages.begin(), messages.begin() + 2000);
  const std::vector<std::string> after(messages.begin() + 2000, messages.begin() + 3000);
  test::TempDir dir;
  int port = 0;
  int64_t stopped_us = 0;
  {
    test::RisLiveReplayServer server(before, {.expect_subscriptions = 3, .stamp_now = true});
    port = server.port();
    Daemon daemon(dir, {}, test::kYoutubePrefixes, live_source(server), "", "ris_live");
    daemon.start();
    ASSERT_TRUE(eventually([&] {
      const auto s = daemon.status();
      return s.sources(0).records() == before.size() &&
             s.store().updates_stored() == s.sources(0).updates();
    })) << daemon.log();
    stopped_us = wall_clock_us();
    EXPECT_EQ(daemon.terminate(), 0);
  }
  // The server is gone: the restarted agent fails to connect and retries.
  const std::string url =
      "    url: ws://127.0.0.1:" + std::to_string(port) + "/v1/ws/\n    client: bgpsentry-test\n";
  Daemon daemon(dir, {}, test::kYoutubePrefixes, url, "", "ris_live");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return daemon.status().sources(0).reconnects() >= 1; }, 20s))
      << daemon.log();
  test::RisLiveReplayServer server(after,
                                   {.expect_subscriptions = 3, .stamp_now = true, .port = port});
  v1::SourceStatus source;
  ASSERT_TRUE(eventually([&] {
    source = daemon.status().sources(0);
    return source.records() == after.size();
  })) << daemon.log();
  ASSERT_EQ(source.gaps_size(), 1) << daemon.ctl({"status", "-o", "json"}).out;
  EXPECT_TRUE(source.gaps(0).has_to());
  EXPECT_LE(wire::from_timestamp(source.gaps(0).from()), stopped_us)
      << "from the last update stored before the stop";
}

// The outage loses the hijack: while the agent is away, Pakistan Telecom's /24 reaches every
// peer, and once it is back the feed says nothing more about it. Live, the agent cannot know.
// The collector's MRT archive, once RIS has written it, fills the gap: the announcements
// are stored and the hijack is found.
TEST(RisLive, AGapIsBackFilledFromTheMrtArchiveAndTheHijackInItFound) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto& messages = youtube_messages();
  size_t first = SIZE_MAX, last = 0;
  for (size_t i = 0; i < messages.size(); ++i)
    if (messages[i].find("\"208.65.153.0/24\"") != std::string::npos) {
      first = std::min(first, i);
      last = i;
    }
  ASSERT_LT(first, last);
  const size_t lost = last + 1 - first;
  test::TempDir dir;
  std::filesystem::create_directory(dir / "archive");
  test::RisLiveReplayServer server(messages, {.expect_subscriptions = 3,
                                              .drop_after = first,
                                              .lost_in_drop = lost,
                                              .per_second = 5000,
                                              .stamp_now = true});
  Daemon daemon(dir, {}, test::kYoutubePrefixes,
                live_source(server) +
                    "    backfill:\n      archives:\n        rrc00: [archive]\n      wait: 120\n",
                "", "ris_live");
  daemon.start();
  v1::SourceStatus source;
  ASSERT_TRUE(eventually([&] {
    source = daemon.status().sources(0);
    return source.records() == messages.size() - lost && source.gaps_size() == 1 &&
           source.gaps(0).has_to();
  })) << daemon.log();
  EXPECT_EQ(source.gaps(0).backfill(), "waiting") << "RIS has not written the archive yet";
  EXPECT_TRUE(hijack_events(daemon).empty()) << "the hijack was in what the outage lost";

  // RIS writes the collector's updates of the gap (the replay stamps the live feed with the
  // time of sending, so the gap is in today's time), then moves on to the next file.
  const int64_t from_us = wire::from_timestamp(source.gaps(0).from());
  const int64_t to_us = wire::from_timestamp(source.gaps(0).to());
  const std::vector<std::string> missed(messages.begin() + static_cast<long>(first),
                                        messages.begin() + static_cast<long>(last + 1));
  const size_t announced = hijack_announcements(missed);
  ASSERT_GT(announced, 30u);
  const auto expected = write_archive(daemon, dir / "archive", {{from_us, to_us}}, {missed});

  ASSERT_TRUE(eventually([&] {
    source = daemon.status().sources(0);
    return source.gaps(0).backfill() == "done";
  })) << daemon.ctl({"status", "-o", "json"}).out
      << daemon.log();
  EXPECT_EQ(source.gaps(0).backfilled_updates(), expected[0]) << source.gaps(0).backfill_detail();
  const auto events = hijack_events(daemon);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].prefixes(0), "208.65.153.0/24");
  EXPECT_EQ(events[0].offending_asn(), 17557u);
  EXPECT_EQ(events[0].status(), v1::ONGOING);
  EXPECT_GE(wire::from_timestamp(events[0].start_time()), from_us) << "it began in the gap";
  EXPECT_LE(wire::from_timestamp(events[0].start_time()), to_us);
  EXPECT_GE(events[0].peers_seen(), 40u);
  const auto history =
      daemon.ctl({"history", "208.65.153.0/24", "--type", "a", "--limit", "100000", "-o", "json"});
  EXPECT_EQ(test::split_lines(history.out).size(), announced) << history.err;
}

}  // namespace bgpsentry

namespace bgpsentry {

// wss:// with the test CA: connected, the hijack found; with another CA the server is
// refused (certificate verification) and the source keeps retrying, getting nothing.
TEST(RisLive, TlsWithATestCaAndAWrongCaRefused) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  test::make_test_pki(dir);
  test::RisLiveReplayServer server(youtube_messages(), {.expect_subscriptions = 3,
                                                        .per_second = 5000,
                                                        .tls_cert = dir / "server.pem",
                                                        .tls_key = dir / "server.key"});
  ASSERT_TRUE(server.url().starts_with("wss://"));
  {
    test::TempDir run;
    Daemon daemon(run, {}, test::kYoutubePrefixes,
                  live_source(server) + "    ca_file: " + (dir / "ca.pem") + "\n", "", "ris_live");
    daemon.start();
    ASSERT_TRUE(eventually([&] { return hijack_events(daemon).size() == 1; })) << daemon.log();
    EXPECT_EQ(daemon.status().sources(0).state(), v1::CONNECTED);
  }
  test::TempDir run;
  Daemon daemon(run, {}, test::kYoutubePrefixes,
                live_source(server) + "    ca_file: " + (dir / "other.pem") + "\n", "", "ris_live");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return daemon.status().sources(0).reconnects() >= 2; }, 30s))
      << daemon.log();
  const auto source = daemon.status().sources(0);
  EXPECT_NE(source.state(), v1::CONNECTED);
  EXPECT_EQ(source.records(), 0u);
  EXPECT_NE(source.last_error().find("TLS with wss://127.0.0.1"), std::string::npos)
      << source.last_error();
  EXPECT_NE(source.last_error().find("certificate verify failed"), std::string::npos)
      << source.last_error();
}

}  // namespace bgpsentry

namespace bgpsentry {

// `bgpctl record` keeps every message as it came, one per line, subscribed as asked; the
// recording replays through the agent (ris_live_file) and the hijack is found in it.
TEST(RisLive, RecordedStreamReplaysThroughTheAgent) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  test::RisLiveReplayServer server(youtube_messages(), {.expect_subscriptions = 2});
  const auto r = test::run_command({test::bgpctl(), "record", "--url", server.url(), "--prefix",
                                    "208.65.152.0/22", "--asn", "AS36561", "--duration", "3s", "-O",
                                    dir / "recorded.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("recorded " + std::to_string(youtube_messages().size()) + " messages"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(test::split_lines(test::read_file(dir / "recorded.jsonl")), youtube_messages());
  const auto subs = server.subscriptions();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_NE(subs[0].find("\"prefix\":\"208.65.152.0/22\""), std::string::npos) << subs[0];
  EXPECT_NE(subs[1].find("\"path\":\"36561$\""), std::string::npos) << subs[1];
  EXPECT_NE(server.target().find("client=bgpctl-record"), std::string::npos);

  Daemon daemon(dir, {dir / "recorded.jsonl"}, test::kYoutubePrefixes, "", "", "ris_live_file");
  daemon.start();
  ASSERT_TRUE(daemon.wait_finished()) << daemon.log();
  EXPECT_EQ(hijack_events(daemon).size(), 1u);
}

// Through an HTTP proxy (CONNECT): the feed is reached, the hijack found; a proxy that
// refuses the tunnel is named in the source's error, with its answer.
TEST(RisLive, ThroughAnHttpProxy) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  test::Tinyproxy proxy(dir, 0);
  test::RisLiveReplayServer server(youtube_messages(), {.expect_subscriptions = 3});
  Daemon daemon(dir, {}, test::kYoutubePrefixes,
                live_source(server) + "    proxy: " + proxy.url() + "\n", "", "ris_live");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return hijack_events(daemon).size() == 1; })) << daemon.log();
  EXPECT_EQ(daemon.status().sources(0).reconnects(), 0u);
  EXPECT_NE(test::read_file(dir / "tinyproxy.log").find("Established connection"),
            std::string::npos)
      << "the connection went through the proxy";
  daemon.terminate();

  test::TempDir dir2;
  test::Tinyproxy strict(dir2, 443);  // tunnels to port 443 only
  test::RisLiveReplayServer server2(youtube_messages(), {.expect_subscriptions = 3});
  Daemon refused(dir2, {}, test::kYoutubePrefixes,
                 live_source(server2) + "    proxy: " + strict.url() + "\n", "", "ris_live");
  refused.start();
  ASSERT_TRUE(eventually([&] { return refused.status().sources(0).reconnects() > 0; }, 10s));
  const auto source = refused.status().sources(0);
  EXPECT_NE(source.last_error().find("refused the tunnel"), std::string::npos)
      << source.last_error();
  EXPECT_NE(source.last_error().find("403"), std::string::npos) << source.last_error();
  EXPECT_EQ(server2.connections(), 0);
}

// Nothing to record from: exit 69 after the duration, the reason on stderr.
TEST(RisLive, RecordFromAnUnreachableFeedFails) {
  test::TempDir dir;
  const int port = test::free_loopback_port();
  const auto r = test::run_command({test::bgpctl(), "record", "--url",
                                    "ws://127.0.0.1:" + std::to_string(port) + "/", "--duration",
                                    "1", "-O", dir / "x.jsonl"});
  EXPECT_EQ(r.exit_code, 69);
  EXPECT_NE(r.err.find("Connection refused"), std::string::npos) << r.err;
}

namespace {

// What a source reports to its observer, in order.
class RecordingObserver : public FeedObserver {
 public:
  struct Report {
    FeedProblem problem;
    bool started;
    std::string detail;
  };
  void feed_problem_started(const std::string&, FeedProblem problem, int64_t,
                            const std::string& detail) override {
    std::lock_guard lock(mu_);
    reports_.push_back({problem, true, detail});
  }
  void feed_problem_ended(const std::string&, FeedProblem problem, int64_t,
                          const std::string& detail) override {
    std::lock_guard lock(mu_);
    reports_.push_back({problem, false, detail});
  }
  std::vector<Report> reports(FeedProblem problem) const {
    std::lock_guard lock(mu_);
    std::vector<Report> out;
    for (const auto& r : reports_)
      if (r.problem == problem) out.push_back(r);
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Report> reports_;
};

}  // namespace

// Store and engine take one batch and then nothing: the source never blocks, sheds the rest,
// counts every update shed, and reports the spell of shedding once when it starts and once
// when it is over, with the count.
TEST(RisLiveSource, ShedsWhatThePipelineCannotTakeAndReportsTheSpell) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::RisLiveReplayServer server(youtube_messages(), {.expect_subscriptions = 1});
  BatchQueue store(1), engine(1);
  RecordingObserver observer;
  RisLiveOptions options;
  options.connection.url = server.url();
  options.subscriptions = {"{}"};
  options.health.observer = &observer;
  options.health.overload_quiet = 300ms;
  options.batch_size = 64;
  RisLiveSource source(options, UpdateSinkQueues(store, engine));
  source.start();
  ASSERT_TRUE(eventually([&] { return source.status().records == youtube_messages().size(); }));
  ASSERT_TRUE(eventually([&] { return observer.reports(FeedProblem::kOverload).size() == 2; }, 5s));
  source.stop();

  const auto status = source.status();
  const auto first = store.try_pop_up_to(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_GT(status.dropped, 0u);
  EXPECT_EQ(first[0]->updates.size() + status.dropped, status.updates)
      << "every update either taken or counted as shed";
  // Each queue counts what it refused (status: queues[].shed).
  EXPECT_EQ(store.refused(), status.dropped);
  EXPECT_EQ(engine.refused(), status.dropped);
  const auto reports = observer.reports(FeedProblem::kOverload);
  EXPECT_TRUE(reports[0].started);
  EXPECT_NE(reports[0].detail.find("pipeline is behind"), std::string::npos);
  EXPECT_FALSE(reports[1].started);
  EXPECT_EQ(reports[1].detail.substr(0, reports[1].detail.find(' ')),
            std::to_string(status.dropped))
      << reports[1].detail;
}

// Hundreds of subscriptions go out (paced, beside the reading); a change of subscriptions on a
// live connection sends only the difference.
TEST(RisLiveSource, SendsOnlyTheDifferenceWhenSubscriptionsChange) {
  BGPSENTRY_NEEDS_TEST_DATA();
  std::vector<uint32_t> asns;
  for (uint32_t asn = 64512; asn < 64512 + 250; ++asn) asns.push_back(asn);
  const auto subs = ris_live_subscriptions({}, asns, false);
  test::RisLiveReplayServer server(youtube_messages(), {.expect_subscriptions = subs.size()});
  BatchQueue store(1 << 20), engine(1 << 20);
  RisLiveOptions options;
  options.connection.url = server.url();
  options.subscriptions = subs;
  RisLiveSource source(options, UpdateSinkQueues(store, engine));
  source.start();
  ASSERT_TRUE(eventually([&] { return source.status().records == youtube_messages().size(); }));
  ASSERT_EQ(server.subscriptions().size(), subs.size());
  EXPECT_EQ(server.subscriptions()[0], "{\"type\":\"ris_subscribe\",\"data\":" + subs[0] + "}");
  EXPECT_EQ(server.subscriptions().back(),
            "{\"type\":\"ris_subscribe\",\"data\":" + subs.back() + "}");

  // The first 10 ASes go, two come.
  std::vector<uint32_t> next(asns.begin() + 10, asns.end());
  next.push_back(3356);
  next.push_back(174);
  source.set_subscriptions(ris_live_subscriptions({}, next, false));
  ASSERT_TRUE(eventually([&] { return server.subscriptions().size() == subs.size() + 12; }, 10s));
  const auto sent = server.subscriptions();
  for (size_t i = 0; i < 10; ++i)
    EXPECT_EQ(sent[subs.size() + i], "{\"type\":\"ris_unsubscribe\",\"data\":" + subs[i] + "}");
  EXPECT_EQ(sent[subs.size() + 10], "{\"type\":\"ris_subscribe\",\"data\":{\"path\":\"3356$\"}}");
  EXPECT_EQ(sent[subs.size() + 11], "{\"type\":\"ris_subscribe\",\"data\":{\"path\":\"174$\"}}");
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(server.subscriptions().size(), subs.size() + 12) << "nothing else sent";
  EXPECT_EQ(source.status().reconnects, 0u);
  source.stop();
}

// A change to the monitored set through the API reaches the live feed as the difference.
TEST(RisLive, ResubscribesWhenTheMonitoredSetChanges) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  test::RisLiveReplayServer server(youtube_messages(), {.expect_subscriptions = 3});
  Daemon daemon(dir, {}, test::kYoutubePrefixes, live_source(server), "", "ris_live");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return server.sent() == youtube_messages().size(); }))
      << daemon.log();
  ASSERT_EQ(server.subscriptions().size(), 3u);
  auto r = daemon.ctl({"prefix", "add", "192.0.2.0/24", "--asn", "64500"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = daemon.ctl({"prefix", "remove", "64.15.112.0/20"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = daemon.ctl({"asn", "add", "64501"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(eventually([&] { return server.subscriptions().size() == 6; }, 10s))
      << server.subscriptions().size();
  const auto sent = server.subscriptions();
  EXPECT_EQ(
      sent[3],
      R"({"type":"ris_subscribe","data":{"prefix":"192.0.2.0/24","moreSpecific":true,"lessSpecific":true}})");
  EXPECT_EQ(
      sent[4],
      R"({"type":"ris_unsubscribe","data":{"prefix":"64.15.112.0/20","moreSpecific":true,"lessSpecific":true}})");
  EXPECT_EQ(sent[5], R"({"type":"ris_subscribe","data":{"path":"64501$"}})");
  EXPECT_EQ(daemon.status().sources(0).reconnects(), 0u);
}

}  // namespace bgpsentry
