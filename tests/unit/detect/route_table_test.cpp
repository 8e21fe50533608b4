#include "agent/detect/route_table.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "agent/detect/route_table_restore.h"
#include "storage/route_view.h"
#include "tests/support/detector_test_support.h"
#include "tests/support/history_ingest.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

Update route(const char* prefix, std::vector<uint32_t> path, const char* peer) {
  return test::announcement(prefix, std::move(path), peer);
}

// YouTube's /22 and what AS64500 originates.
constexpr const char* kYouTubeAndAs64500 = R"(208.65.152.0/22:
  asn: 36561
options:
  monitorASns:
    64500:
      group: default
)";

void apply(RouteTable& t, const Update& u) {
  t.apply(u, t.peers().id(u));
}

}  // namespace

TEST(RouteTable, KeepsTheMonitoredSpaceOnly) {
  RouteTable t(test::prefixes_config(kYouTubeAndAs64500));
  apply(t, route("208.65.152.0/22", {1, 36561}, "192.0.2.1"));  // monitored
  apply(t, route("208.65.153.0/24", {1, 17557}, "192.0.2.1"));  // more-specific
  apply(t, route("208.65.0.0/16", {1, 3}, "192.0.2.1"));        // covering
  apply(t, route("198.51.100.0/24", {1, 64500}, "192.0.2.1"));  // a monitored ASN's
  apply(t, route("10.0.0.0/8", {1, 2}, "192.0.2.1"));           // none of these
  apply(t, route("208.65.152.0/22", {2, 36561}, "192.0.2.2"));
  EXPECT_NE(t.routes(*Prefix::parse("208.65.153.0/24")), nullptr);
  EXPECT_NE(t.routes(*Prefix::parse("208.65.0.0/16")), nullptr);
  EXPECT_NE(t.routes(*Prefix::parse("198.51.100.0/24")), nullptr);
  EXPECT_EQ(t.routes(*Prefix::parse("10.0.0.0/8")), nullptr);
  ASSERT_NE(t.routes(*Prefix::parse("208.65.152.0/22")), nullptr);
  EXPECT_EQ(t.routes(*Prefix::parse("208.65.152.0/22"))->size(), 2u);

  // The monitored ASN's prefix now originated by another AS leaves the table.
  apply(t, route("198.51.100.0/24", {1, 64501}, "192.0.2.1"));
  EXPECT_EQ(t.routes(*Prefix::parse("198.51.100.0/24")), nullptr);

  Update w = route("208.65.152.0/22", {1}, "192.0.2.1");
  w.kind = UpdateKind::kWithdraw;
  w.attrs.reset();
  apply(t, w);
  EXPECT_EQ(t.routes(*Prefix::parse("208.65.152.0/22"))->size(), 1u);
  EXPECT_FALSE(t.has_route(*Prefix::parse("208.65.152.0/22"), t.peers().id(w)));
}

TEST(RouteTable, DropsWhatAConfigChangeLeavesOutAndWhatAPeerGoingDownHeld) {
  RouteTable t(test::prefixes_config(kYouTubeAndAs64500));
  apply(t, route("208.65.152.0/22", {1, 36561}, "192.0.2.1"));
  apply(t, route("208.65.152.0/22", {2, 36561}, "192.0.2.2"));
  apply(t, route("208.65.153.0/24", {2, 17557}, "192.0.2.2"));
  apply(t, route("198.51.100.0/24", {1, 64500}, "192.0.2.1"));
  t.publish_stats();
  EXPECT_EQ(t.stats().routes, 4u);

  // 64500 no longer monitored: its prefix leaves; the monitored prefix's routes stay.
  t.set_monitored(std::make_shared<const MonitoredIndex>(test::prefixes_config(R"(208.65.152.0/22:
  asn: 36561
)")));
  t.prune_out_of_scope();
  EXPECT_EQ(t.routes(*Prefix::parse("198.51.100.0/24")), nullptr);
  ASSERT_NE(t.routes(*Prefix::parse("208.65.152.0/22")), nullptr);
  EXPECT_EQ(t.routes(*Prefix::parse("208.65.152.0/22"))->size(), 2u);
  t.publish_stats();
  EXPECT_EQ(t.stats().routes, 3u);
  EXPECT_EQ(t.stats().prefixes, 2u);

  // 192.0.2.2 goes down (a state change away from Established): its two routes go, and the
  // more-specific only it carried leaves the table.
  Update down = route("208.65.152.0/22", {2}, "192.0.2.2");
  down.kind = UpdateKind::kPeerState;
  down.attrs.reset();
  down.new_state = 1;  // Idle
  EXPECT_TRUE(t.apply(down, t.peers().id(down)));
  EXPECT_EQ(t.routes(*Prefix::parse("208.65.153.0/24")), nullptr);
  ASSERT_NE(t.routes(*Prefix::parse("208.65.152.0/22")), nullptr);
  EXPECT_EQ(t.routes(*Prefix::parse("208.65.152.0/22"))->size(), 1u);
  EXPECT_FALSE(t.has_route(*Prefix::parse("208.65.152.0/22"), t.peers().id(down)));
  t.publish_stats();
  EXPECT_EQ(t.stats().routes, 1u);
  EXPECT_EQ(t.stats().prefixes, 1u);
  EXPECT_EQ(t.stats().peers_up, 1u);
  // 1 36561, held by the route left, and 1 64500, the last path interned (kept for the
  // next prefixes of its message); the others were swept.
  EXPECT_EQ(t.stats().paths, 2u);
}

// The YouTube file with its prefixes monitored: per-peer state equals bgpdump's last word
// per (peer, prefix), and paths are interned.
TEST(RouteTable, PerPeerStateOfARealFileMatchesBgpdump) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const char* file = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";
  auto config = test::prefixes_config("208.65.152.0/22:\n  asn: 36561\n");
  RouteTable t(config);
  test::for_each_mrt_update(test::shared_data(file), [&](const Update& u) { apply(t, u); });

  std::map<std::pair<std::string, std::string>, std::string> want;  // (peer, prefix) -> path
  const Prefix youtube = *Prefix::parse("208.65.152.0/22");
  for (const auto& f : test::bgpdump_fields(test::shared_data(file))) {
    if (f.size() < 6) continue;
    const auto prefix = Prefix::parse(f[5]);
    if (!prefix || (!youtube.contains(*prefix) && !prefix->contains(youtube))) continue;
    if (f[2] == "A")
      want[{f[3], f[5]}] = f[6];
    else if (f[2] == "W")
      want.erase({f[3], f[5]});
  }
  ASSERT_FALSE(want.empty());
  std::map<std::pair<std::string, std::string>, std::string> got;
  std::set<std::string> prefixes;
  for (const auto& [key, path] : want) prefixes.insert(key.second);
  for (const auto& p : prefixes)
    if (const auto* routes = t.routes(*Prefix::parse(p)))
      for (const auto& r : *routes)
        got[{t.peers().peer(r.peer).ip.to_string(), p}] = r.path().to_string();
  EXPECT_EQ(got, want);
  t.publish_stats();
  const auto stats = t.stats();
  EXPECT_EQ(stats.routes, want.size());
  EXPECT_LT(stats.paths, stats.routes) << "paths shared by routes are held once";
  EXPECT_GT(stats.bytes, 0u);
}

// Every route of a table: (source, peer, prefix, path id) -> AS path.
std::map<std::tuple<std::string, std::string, std::string, uint32_t>, std::string> routes_of(
    const RouteTable& t) {
  std::map<std::tuple<std::string, std::string, std::string, uint32_t>, std::string> out;
  t.for_each_route([&](const Prefix& prefix, const RouteTable::Route& r) {
    const auto& peer = t.peers().peer(r.peer);
    out[{peer.source, peer.ip.to_string(), prefix.to_string(), r.path_id}] = r.path().to_string();
  });
  return out;
}

// Issue 29, defect 8: the table rebuilt from the store at start holds what the engine's own
// table held after the same updates, route for route, and what the store's route views
// say, over the real RouteViews archives before the YouTube hijack and the hijack's.
TEST(RouteTableRestore, TheRebuiltTableIsTheLiveOneAndTheStoresRouteViews) {
  BGPSENTRY_NEEDS_TEST_DATA();
  // Monitored: YouTube's space, a busy /8 around it (its more-specifics and the covering
  // prefixes they bring), and what AS3356 originated.
  auto config = test::prefixes_config(R"(208.65.152.0/22:
  asn: 36561
12.0.0.0/8:
  asn: 7018
options:
  monitorASns:
    3356:
      group: default
)");
  auto index = std::make_shared<const MonitoredIndex>(config);
  test::TempDir dir;
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db) << db.error();
  HistoryStore store(**db);
  RouteTable live(index);
  int64_t newest = 0;
  for (const char* file : {"mrt/routeviews-2008/20080224-before-1839/updates.20080224.1807.bz2",
                           "mrt/routeviews-2008/20080224-before-1839/updates.20080224.1824.bz2",
                           "mrt/incident-youtube-2008/updates.20080224.1839.bz2"}) {
    test::ingest_file(store, test::shared_data(file));
    test::for_each_mrt_update(test::shared_data(file), [&](const Update& u) {
      live.apply(u, live.peers().id(u));
      newest = std::max(newest, u.time_us);
    });
  }
  RouteTable restored(index);
  auto done = restore_route_table(restored, store, *index, {{"mrt", newest}});
  ASSERT_TRUE(done) << done.error();
  const auto want = routes_of(live);
  ASSERT_GT(want.size(), 500u);
  EXPECT_EQ(routes_of(restored), want);
  EXPECT_EQ(done->routes, want.size());
  live.publish_stats();
  EXPECT_EQ(restored.stats().peers_up, live.stats().peers_up);

  // The store's route view of each prefix held, as `bgpctl route` shows it.
  std::set<std::string> prefixes;
  for (const auto& [key, path] : want) prefixes.insert(std::get<2>(key));
  size_t compared = 0;
  for (const auto& p : prefixes) {
    auto view = route_view(store, *Prefix::parse(p), newest);
    ASSERT_TRUE(view) << view.error();
    for (const auto& u : view->routes) {
      if (!index->in_scope(u.prefix, u.attrs->as_path)) continue;
      const auto it = want.find({u.source, u.peer_ip.to_string(), p, u.path_id});
      ASSERT_NE(it, want.end()) << p << " " << u.peer_ip.to_string();
      EXPECT_EQ(it->second, u.attrs->as_path.to_string());
      ++compared;
    }
  }
  EXPECT_EQ(compared, want.size());

  // Judged only up to an earlier time (a crash): the table as it was then.
  const int64_t earlier = 1203876000000000;  // 18:00:00, within the first archive
  RouteTable then(index);
  ASSERT_TRUE(restore_route_table(then, store, *index, {{"mrt", earlier}}));
  RouteTable replayed(index);
  test::for_each_mrt_update(
      test::shared_data("mrt/routeviews-2008/20080224-before-1839/updates.20080224.1807.bz2"),
      [&](const Update& u) {
        if (u.time_us <= earlier) replayed.apply(u, replayed.peers().id(u));
      });
  EXPECT_EQ(routes_of(then), routes_of(replayed));
}

}  // namespace bgpsentry
