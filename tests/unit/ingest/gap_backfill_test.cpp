// A live feed's gap back-filled from a real MRT archive (the 2008 YouTube hijack): what
// the store and the engine get, judged against bgpdump's reading of the same file, and a
// route the live feed changed after the gap ending on its live state.
#include "agent/ingest/ris_live/gap_backfill.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;
using test::shared_data;

const std::string kYoutube = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";
// The first minute of the hijack: Pakistan Telecom's /24 reaches the collector.
constexpr int64_t kFrom = 1203878870, kTo = 1203878930;
const Prefix kYoutube22 = *Prefix::parse("208.65.152.0/22");
const Prefix kHijacked = *Prefix::parse("208.65.153.0/24");

std::vector<Update> drain(BatchQueue& queue) {
  std::vector<Update> out;
  for (const auto& batch : queue.try_pop_up_to(SIZE_MAX))
    out.insert(out.end(), batch->updates.begin(), batch->updates.end());
  return out;
}

// Stands in for the store writer: takes every batch (letting go of it, as the writer does
// once it is written) and keeps the updates.
class Store {
 public:
  Store()
      : thread_([this] {
          while (auto batch = queue.pop())
            for (const auto& u : (*batch)->updates) {
              std::lock_guard lock(mu_);
              updates_.push_back(u);
            }
        }) {}
  ~Store() { close(); }
  std::vector<Update> close() {
    queue.close();
    if (thread_.joinable()) thread_.join();
    return updates_;
  }
  BatchQueue queue{1 << 20};

 private:
  std::mutex mu_;
  std::vector<Update> updates_;
  std::thread thread_;
};

struct Archive {
  test::TempDir dir;
  // The RIS file, and an (empty) later one: RIS has moved on, the file is complete.
  Archive(bool complete) {
    std::filesystem::create_symlink(shared_data(kYoutube), dir / "updates.20080224.1839.bz2");
    if (complete) std::ofstream(dir / "updates.20080224.1854");
  }
};

GapBackfillOptions options_for(const Archive& archive) {
  GapBackfillOptions o;
  o.source = "ris_live";
  o.archives = {{"rrc00", {archive.dir.path()}}};
  o.wait = 0ms;
  o.wanted = [](const Update& u) {
    return u.kind == UpdateKind::kPeerState || kYoutube22.contains(u.prefix) ||
           u.prefix.contains(kYoutube22);
  };
  return o;
}

BackfillOutcome wait_for_outcome(const GapBackfill& backfill) {
  for (int i = 0; i < 600; ++i) {
    const auto outcomes = backfill.outcomes();
    if (!outcomes.empty() && outcomes.back().state != "waiting" &&
        outcomes.back().state != "running")
      return outcomes.back();
    std::this_thread::sleep_for(50ms);
  }
  ADD_FAILURE() << "the back-fill did not end";
  return {};
}

}  // namespace

TEST(GapBackfill, FillsTheGapFromTheArchiveAndEndsOnTheLiveState) {
  BGPSENTRY_NEEDS_TEST_DATA();
  // What bgpdump reads in the gap for the monitored space.
  size_t expected = 0, expected_routes = 0;  // routes: the state changes left out
  std::set<std::string> peers_of_hijack;
  for (const auto& f : test::bgpdump_fields(shared_data(kYoutube))) {
    if (f.size() < 6) continue;
    const int64_t t = std::stoll(f[1]);
    if (f[2] == "STATE") {
      expected += t >= kFrom && t <= kTo;
      continue;
    }
    const auto prefix = Prefix::parse(f[5]);
    ASSERT_TRUE(prefix) << f[5];
    if (t < kFrom || t > kTo) continue;
    if (!kYoutube22.contains(*prefix) && !prefix->contains(kYoutube22)) continue;
    ++expected;
    ++expected_routes;
    if (*prefix == kHijacked && f[2] == "A") peers_of_hijack.insert(f[3]);
  }
  ASSERT_GT(expected, 20u);
  ASSERT_GE(peers_of_hijack.size(), 2u);

  Store store;
  BatchQueue engine(1 << 20);
  Archive archive(true);
  GapBackfill backfill(options_for(archive), UpdateSinkQueues(store.queue, engine));
  backfill.gap_closed(kFrom * 1000000, kTo * 1000000);
  EXPECT_EQ(backfill.outcomes().at(0).state, "waiting");

  // After the gap, the live feed tells that one peer withdrew the hijacked /24.
  Update withdrawn;
  withdrawn.time_us = (kTo + 5) * 1000000;
  withdrawn.source = "rrc00";
  withdrawn.peer_ip = *IpAddress::parse(*peers_of_hijack.begin());
  withdrawn.kind = UpdateKind::kWithdraw;
  withdrawn.prefix = kHijacked;
  auto live = std::make_shared<UpdateBatch>();
  live->updates.push_back(withdrawn);
  // The peer's ASN, as the archive has it.
  for (const auto& f : test::bgpdump_fields(shared_data(kYoutube)))
    if (f.size() > 4 && f[3] == *peers_of_hijack.begin()) {
      live->updates[0].peer_asn = static_cast<uint32_t>(std::stoul(f[4]));
      break;
    }
  EXPECT_EQ(backfill.publish_live(live), 2);

  backfill.start();
  const auto outcome = wait_for_outcome(backfill);
  backfill.stop();
  EXPECT_EQ(outcome.state, "done") << outcome.detail;
  EXPECT_EQ(outcome.updates, expected) << outcome.detail;

  // The store: the live batch, then every archived update, each once, stamped rrc00.
  const auto stored = store.close();
  ASSERT_EQ(stored.size(), 1 + expected);
  for (size_t i = 1; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].source, "rrc00");
    EXPECT_GE(stored[i].time_us, kFrom * 1000000);
    EXPECT_LE(stored[i].time_us, kTo * 1000000);
  }

  // The engine: the archived routes (not the sessions' state changes) in order, and after
  // each of the route the live feed withdrew since, that withdrawal again: detection ends
  // on the live state.
  const auto judged = drain(engine);
  ASSERT_GE(judged.size(), 2u);
  size_t archived = 0, reasserted = 0, of_withdrawn_route = 0;
  for (size_t i = 1; i < judged.size(); ++i) {
    const Update& u = judged[i];
    if (u.time_us == withdrawn.time_us) continue;  // counted with the update before it
    ++archived;
    const bool same_route = u.peer_ip == withdrawn.peer_ip && u.prefix == kHijacked;
    if (!same_route) continue;
    ++of_withdrawn_route;
    ASSERT_LT(i + 1, judged.size());
    EXPECT_EQ(judged[i + 1].kind, UpdateKind::kWithdraw);
    EXPECT_EQ(judged[i + 1].time_us, withdrawn.time_us);
    ++reasserted;
  }
  EXPECT_EQ(archived, expected_routes);
  EXPECT_GE(of_withdrawn_route, 1u);
  EXPECT_EQ(reasserted, of_withdrawn_route);
}

TEST(GapBackfill, AnArchiveThatDoesNotCoverTheGapIsPartialAndAnOverlongGapSkipped) {
  BGPSENTRY_NEEDS_TEST_DATA();
  Store store;
  BatchQueue engine(1 << 20);
  Archive archive(false);  // no later file: RIS may still be writing this one
  auto options = options_for(archive);
  options.max_gap = 3600s;
  GapBackfill backfill(options, UpdateSinkQueues(store.queue, engine));
  backfill.start();
  backfill.gap_closed(kFrom * 1000000, (kFrom + 7200) * 1000000);
  backfill.gap_closed(kFrom * 1000000, kTo * 1000000);
  const auto outcome = wait_for_outcome(backfill);
  backfill.stop();
  const auto outcomes = backfill.outcomes();
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].state, "skipped");
  EXPECT_EQ(outcome.state, "partial");
  EXPECT_NE(outcome.detail.find("did not cover the whole gap"), std::string::npos)
      << outcome.detail;
  EXPECT_GT(outcome.updates, 20u) << "what the archive has is used";
  EXPECT_EQ(store.close().size(), outcome.updates);
}

}  // namespace bgpsentry

namespace bgpsentry {

// Archives stamp whole seconds: in the first and last seconds of a gap, what the live feed
// brought and stored is left out; the seconds between are not even looked up.
TEST(GapBackfill, LeavesOutWhatTheLiveFeedStoredInTheEdgeSeconds) {
  BGPSENTRY_NEEDS_TEST_DATA();
  std::map<int64_t, size_t> per_second;  // bgpdump's lines of the monitored space
  for (const auto& f : test::bgpdump_fields(shared_data(kYoutube))) {
    if (f.size() < 6 || f[2] == "STATE") continue;
    const auto prefix = Prefix::parse(f[5]);
    if (prefix && (kYoutube22.contains(*prefix) || prefix->contains(kYoutube22)))
      ++per_second[std::stoll(f[1])];
  }
  // A gap from the middle of one second to the middle of another, both with updates.
  int64_t first = 0, last = 0;
  for (const auto& [second, n] : per_second)
    if (second >= kFrom && second <= kTo) {
      if (!first) first = second;
      last = second;
    }
  ASSERT_LT(first, last);
  size_t total = 0;
  for (const auto& [second, n] : per_second) total += second >= first && second <= last ? n : 0;

  Store store;
  BatchQueue engine(1 << 20);
  Archive archive(true);
  auto options = options_for(archive);
  std::vector<std::pair<int64_t, int64_t>> asked;
  options.stored = [&](const Update& u, int64_t from_us, int64_t to_us) {
    asked.emplace_back(from_us, to_us);
    EXPECT_TRUE(u.time_us >= from_us && u.time_us <= to_us);
    return size_t{100};  // the live feed brought everything it could have
  };
  GapBackfill backfill(options, UpdateSinkQueues(store.queue, engine));
  backfill.start();
  backfill.gap_closed(first * 1000000 + 500000, last * 1000000 + 500000);
  const auto outcome = wait_for_outcome(backfill);
  backfill.stop();
  EXPECT_EQ(outcome.state, "done") << outcome.detail;
  EXPECT_EQ(asked.size(), per_second[first] + per_second[last]);
  for (const auto& [from_us, to_us] : asked) {
    EXPECT_TRUE(from_us == first * 1000000 || from_us == last * 1000000) << from_us;
    EXPECT_EQ(to_us, from_us + 999999);
  }
  EXPECT_EQ(outcome.updates, total - per_second[first] - per_second[last]) << outcome.detail;
  EXPECT_NE(outcome.detail.find(std::to_string(asked.size()) + " left out"), std::string::npos)
      << outcome.detail;
  EXPECT_EQ(store.close().size(), outcome.updates);
}

}  // namespace bgpsentry
