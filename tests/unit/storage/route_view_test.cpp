// The routing table at a moment, rebuilt from the store, against the same table computed
// independently from `bgpdump -m` lines of the same real file.
#include "storage/route_view.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>

#include "tests/support/history_ingest.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

constexpr const char* kYoutube = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";

// bgpdump's view at `at` (Unix seconds): each peer's last line for each prefix; peers
// that sent an IPv4 route by then.
struct DumpTable {
  std::map<std::string, std::map<std::string, std::string>> last;  // prefix -> peer -> path|W
  std::set<std::string> peers;
};

DumpTable dump_table(const std::vector<std::vector<std::string>>& lines, long at) {
  DumpTable t;
  for (const auto& f : lines) {
    if (f.size() < 6 || (f[2] != "A" && f[2] != "W") || std::stol(f[1]) > at) continue;
    t.last[f[5]][f[3]] = f[2] == "A" ? f[6] : "W";
    if (f[3].find(':') == std::string::npos) t.peers.insert(f[3]);
  }
  return t;
}

std::map<std::string, std::string> routes_of(const DumpTable& t, const std::string& prefix) {
  std::map<std::string, std::string> out;
  auto it = t.last.find(prefix);
  if (it == t.last.end()) return out;
  for (const auto& [peer, path] : it->second)
    if (path != "W") out[peer] = path;
  return out;
}

std::map<std::string, std::string> routes_of(const RouteView& view) {
  std::map<std::string, std::string> out;
  for (const auto& u : view.routes) out[u.peer_ip.to_string()] = u.attrs->as_path.to_string();
  return out;
}

constexpr const char* kTestPrefix = "198.51.100.0/24";

// An announcement of kTestPrefix by `peer` (AS64500) at `t`.
Update announce(const char* peer, int64_t t, uint32_t origin = 64496) {
  Update u;
  u.kind = UpdateKind::kAnnounce;
  u.time_us = t;
  u.peer_ip = *IpAddress::parse(peer);
  u.peer_asn = 64500;
  u.prefix = *Prefix::parse(kTestPrefix);
  auto attrs = std::make_shared<RouteAttributes>();
  attrs->as_path = AsPath::sequence({64500, origin});
  u.attrs = attrs;
  return u;
}

size_t stored_checkpoints(Database& db) {
  std::unique_ptr<rocksdb::Iterator> it(
      db.db().NewIterator(rocksdb::ReadOptions(), db.checkpoints()));
  size_t n = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  return n;
}

void expect_bgpdumps_views(const HistoryStore& store,
                           const std::vector<std::vector<std::string>>& lines);

}  // namespace

TEST(RouteView, MatchesBgpdumpsTableAtEveryMoment) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data(kYoutube);
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  test::ingest_file(store, path);
  EXPECT_EQ(stored_checkpoints(**db), 0u) << "no prefix of one file is busy enough";
  expect_bgpdumps_views(store, test::bgpdump_fields(path));
}

// With a checkpoint every 4 updates of a prefix, taken 30 s behind the newest update,
// views read checkpoints plus the updates since: the same tables as bgpdump's lines.
TEST(RouteView, CheckpointsGiveTheSameViews) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string path = test::shared_data(kYoutube);
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  store.set_checkpoint_policy({.updates = 4, .settle_us = 30'000000});
  test::ingest_file(store, path);
  EXPECT_GT(stored_checkpoints(**db), 1000u);
  expect_bgpdumps_views(store, test::bgpdump_fields(path));
}

// An update older than a stored checkpoint of its prefix (an archive replayed late) makes
// that checkpoint wrong: it goes, and the view includes the late update.
TEST(RouteView, LateUpdateInvalidatesCheckpoints) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  store.set_checkpoint_policy({.updates = 2, .settle_us = 10});
  const Prefix prefix = *Prefix::parse(kTestPrefix);
  UpdateBatch batch;
  batch.updates = {announce("192.0.2.1", 100, 64496), announce("192.0.2.2", 110, 64496)};
  ASSERT_TRUE(store.write(batch));
  batch.updates = {announce("192.0.2.1", 200, 64496), announce("192.0.2.2", 210, 64496)};
  ASSERT_TRUE(store.write(batch));
  ASSERT_EQ(stored_checkpoints(**db), 2u) << "at 100 and 200 (newest - settle)";

  // Peer 3 announced at 150: the checkpoint at 200 lacks it; the one at 100 does not.
  batch.updates = {announce("192.0.2.3", 150, 64511)};
  ASSERT_TRUE(store.write(batch));
  EXPECT_EQ(stored_checkpoints(**db), 1u);
  for (int64_t at : {205, 1000}) {
    auto view = route_view(store, prefix, at);
    ASSERT_TRUE(view) << view.error();
    EXPECT_EQ(view->peers_seeing, 3u) << "at " << at;
  }

  batch.updates = {announce("192.0.2.1", 220, 64496)};  // due again: a checkpoint at 210
  ASSERT_TRUE(store.write(batch));
  EXPECT_EQ(stored_checkpoints(**db), 2u);

  // After a reopen a late update still finds the checkpoints it makes wrong.
  db->reset();
  db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore reopened(**db);
  batch.updates = {announce("192.0.2.4", 160, 64511)};
  ASSERT_TRUE(reopened.write(batch));
  EXPECT_EQ(stored_checkpoints(**db), 1u);
  auto view = route_view(reopened, prefix, 1000);
  ASSERT_TRUE(view) << view.error();
  EXPECT_EQ(view->peers_seeing, 4u);
}

namespace {

void expect_bgpdumps_views(const HistoryStore& store,
                           const std::vector<std::vector<std::string>>& lines) {
  // The busiest prefixes, the hijacked /24 and YouTube's /22.
  std::map<std::string, size_t> counts;
  for (const auto& f : lines)
    if (f.size() >= 6 && (f[2] == "A" || f[2] == "W")) ++counts[f[5]];
  std::vector<std::pair<size_t, std::string>> busiest;
  for (const auto& [p, n] : counts) busiest.emplace_back(n, p);
  std::sort(busiest.rbegin(), busiest.rend());
  std::vector<std::string> prefixes = {"208.65.153.0/24", "208.65.152.0/22"};
  for (size_t i = 0; i < 8; ++i) prefixes.push_back(busiest[i].second);

  // Before, during and after the hijack (it began 18:47:45, 1203878865), and the end.
  size_t checked_routes = 0;
  for (long at : {1203878000L, 1203878870L, 1203878900L, 1203879600L, 1203880000L}) {
    const DumpTable expected = dump_table(lines, at);
    for (const auto& text : prefixes) {
      auto view = route_view(store, *Prefix::parse(text), at * 1000000 + 999999);
      ASSERT_TRUE(view) << view.error();
      const auto want = routes_of(expected, text);
      EXPECT_EQ(routes_of(*view), want) << text << " at " << at;
      EXPECT_EQ(view->peers_seeing, want.size());
      EXPECT_EQ(view->peers_up, expected.peers.size()) << "at " << at;
      checked_routes += want.size();
    }
  }
  EXPECT_GT(checked_routes, 500u);

  // During the hijack most peers carry AS17557's /24.
  auto during = route_view(store, *Prefix::parse("208.65.153.0/24"), 1203878900'000000);
  ASSERT_TRUE(during);
  size_t hijacked = 0;
  for (const auto& u : during->routes) hijacked += u.origins() == std::vector<uint32_t>{17557};
  EXPECT_GT(hijacked * 2, during->routes.size());

  // Longest match: the /24 once announced, else the most specific covering prefix that
  // some peer carried (bgpdump's lines, searched the same way).
  for (long at : {1203878000L, 1203878900L, 1203880000L}) {
    const DumpTable expected = dump_table(lines, at);
    const IpAddress address = *IpAddress::parse("208.65.153.7");
    std::string want;
    for (const auto& [prefix, peers] : expected.last)
      if (Prefix::parse(prefix)->contains(Prefix(address, 32)) &&
          !routes_of(expected, prefix).empty() &&
          (want.empty() || Prefix::parse(prefix)->length() > Prefix::parse(want)->length()))
        want = prefix;
    auto view = lookup_view(store, address, at * 1000000 + 999999);
    ASSERT_TRUE(view) << view.error();
    if (want.empty()) {
      EXPECT_FALSE(*view) << "at " << at;
    } else {
      ASSERT_TRUE(*view) << "at " << at;
      EXPECT_EQ((*view)->prefix.to_string(), want);
      EXPECT_EQ(routes_of(**view), routes_of(expected, want));
    }
  }
}

}  // namespace

// A session that goes down takes its routes with it; once it is back, new announcements
// count again. Peers of the other address family do not count towards visibility.
TEST(RouteView, PeerDownDropsItsRoutes) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  const Prefix prefix = *Prefix::parse(kTestPrefix);
  auto state = [&](const char* peer, int64_t t, uint8_t from, uint8_t to) {
    Update u;
    u.kind = UpdateKind::kPeerState;
    u.time_us = t;
    u.peer_ip = *IpAddress::parse(peer);
    u.peer_asn = 64500;
    u.old_state = from;
    u.new_state = to;
    return u;
  };
  UpdateBatch batch;
  batch.updates = {announce("192.0.2.1", 10),    announce("192.0.2.2", 10),
                   state("192.0.2.1", 50, 6, 1), state("192.0.2.1", 50, 1, 2),
                   state("192.0.2.1", 90, 5, 6), announce("192.0.2.1", 100)};
  Update v6 = announce("2001:db8::1", 10);
  v6.prefix = *Prefix::parse("2001:db8:1::/48");
  batch.updates.push_back(v6);
  ASSERT_TRUE(store.write(batch));
  EXPECT_EQ(store.count(), 4u) << "state changes are not counted as updates";

  auto at = [&](int64_t t) {
    auto view = route_view(store, prefix, t);
    EXPECT_TRUE(view) << view.error();
    return std::pair{view->peers_seeing, view->peers_up};
  };
  EXPECT_EQ(at(5), (std::pair<size_t, size_t>{0, 0}));
  EXPECT_EQ(at(10), (std::pair<size_t, size_t>{2, 2}));
  EXPECT_EQ(at(60), (std::pair<size_t, size_t>{1, 1})) << "192.0.2.1 is down";
  EXPECT_EQ(at(95), (std::pair<size_t, size_t>{1, 2})) << "back up, nothing announced yet";
  EXPECT_EQ(at(100), (std::pair<size_t, size_t>{2, 2}));

  // The peer table and state changes survive a reopen.
  batch.updates.clear();
  db->reset();
  db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore reopened(**db);
  auto view = route_view(reopened, prefix, 60);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->peers_seeing, 1u);
  EXPECT_EQ(view->peers_up, 1u);
}

// A peer that announces a prefix as unicast and as multicast (some 2008 RouteViews peers
// did) carries two routes: kept as one per peer, the later hid the other (the engine's
// table rebuilt from the RouteViews day lacked 6 of 48,722 routes).
TEST(RouteView, UnicastAndMulticastRoutesOfOnePeerAreTwoRoutes) {
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  HistoryStore store(**db);
  UpdateBatch batch;
  Update multicast = announce("192.0.2.1", 20, 64497);
  multicast.safi = Safi::kMulticast;
  batch.updates = {announce("192.0.2.1", 10), multicast};
  ASSERT_TRUE(store.write(batch));
  auto view = route_view(store, *Prefix::parse(kTestPrefix), 30);
  ASSERT_TRUE(view) << view.error();
  ASSERT_EQ(view->routes.size(), 2u);
  EXPECT_EQ(view->peers_seeing, 1u);
  std::map<Safi, uint32_t> origin_by_safi;
  for (const auto& u : view->routes) origin_by_safi[u.safi] = u.attrs->as_path.origins().front();
  EXPECT_EQ(origin_by_safi,
            (std::map<Safi, uint32_t>{{Safi::kUnicast, 64496}, {Safi::kMulticast, 64497}}));
}

}  // namespace bgpsentry
