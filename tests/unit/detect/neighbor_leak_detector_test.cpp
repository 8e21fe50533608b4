// The neighbors monitor (BGPalerter's monitorPathNeighbors) and the leak monitor: the cases
// BGPalerter documents, events that gather many prefixes, restore from a real store, and
// both monitors on the real YouTube file against outcomes computed from bgpdump's lines.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "agent/detect/leak_detector.h"
#include "agent/detect/neighbor_detector.h"
#include "storage/event_store.h"
#include "tests/support/detector_test_support.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

constexpr int64_t kT0 = 1203878877000000;  // 2008-02-24 18:47:57Z
constexpr const char* kYoutubeFile = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";
constexpr const char* kAsRel = "as-relationships/20161101.as-rel.txt.bz2";
const char* kPeers[] = {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"};

Update announce(const char* prefix, std::vector<uint32_t> path, const char* peer,
                int64_t at = kT0) {
  return test::announcement(prefix, std::move(path), peer, at);
}

Update withdraw(const char* prefix, const char* peer, int64_t at = kT0) {
  return test::withdrawal(prefix, peer, at);
}

// BGPalerter's documentation example: AS100 has upstreams 99 and 98 and downstream 101.
const char* kAs100 = R"(options:
  monitorASns:
    '100':
      group: noc
      upstreams: [99, 98]
      downstreams: [101]
)";

std::set<std::pair<uint32_t, std::string>> keys(const std::vector<Alert>& alerts) {
  std::set<std::pair<uint32_t, std::string>> out;
  for (const auto& a : alerts) out.emplace(a.observed_origin, a.subject);
  return out;
}

const AsRelationships& real_relationships() {
  static const auto rel = [] {
    auto r = AsRelationships::load(test::shared_data(kAsRel));
    EXPECT_TRUE(r) << r.error();
    return std::make_shared<const AsRelationships>(r ? std::move(*r) : AsRelationships{});
  }();
  return *rel;
}

// bgpdump's announcement paths of the file as AS hops (prepending collapsed, 0 for a set),
// for the unicast routes our decoder saw (bgpdump prints multicast NLRI like unicast).
struct Line {
  std::string peer;
  Prefix prefix;
  std::vector<uint32_t> hops;
  int64_t time_s = 0;
};
const std::vector<Line>& youtube_lines() {
  static const auto lines = [] {
    std::set<std::pair<Prefix, std::string>> unicast;  // (prefix, peer ip)
    test::for_each_mrt_update(test::shared_data(kYoutubeFile), [&](const Update& u) {
      if (u.kind == UpdateKind::kAnnounce && u.safi == Safi::kUnicast)
        unicast.emplace(u.prefix, u.peer_ip.to_string());
    });
    std::vector<Line> out;
    for (const auto& f : test::bgpdump_fields(test::shared_data(kYoutubeFile))) {
      if (f.size() < 7 || f[2] != "A" || f[6].empty()) continue;
      Line l{f[3], *Prefix::parse(f[5]), {}, std::stoll(f[1])};
      if (!unicast.count({l.prefix, l.peer})) continue;
      std::istringstream tokens(f[6]);
      std::string t;
      while (tokens >> t) {
        const uint32_t asn = t[0] == '{' ? 0 : static_cast<uint32_t>(std::stoul(t));
        if (l.hops.empty() || l.hops.back() != asn) l.hops.push_back(asn);
      }
      out.push_back(std::move(l));
    }
    return out;
  }();
  return lines;
}

}  // namespace

TEST(NeighborDetector, BgpalerterDocumentedCases) {
  auto config = test::prefixes_config(kAs100);
  NeighborDetector d(config);
  test::Detection out(d, config);
  // "[10, 20, 30, 100, 101] will generate an alert since AS30 is not an upstream of AS100"
  out.feed(announce("10.0.0.0/24", {10, 20, 30, 100, 101}, kPeers[0]));
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].type, AlertType::kNeighborChange);
  EXPECT_EQ(out.alerts[0].observed_origin, 30u);
  EXPECT_EQ(out.alerts[0].subject, "upstream of AS100");
  EXPECT_NE(out.alerts[0].description.find("A new upstream of AS100 has been detected: AS30"),
            std::string::npos)
      << out.alerts[0].description;
  // "[10, 20, 30, 100]": the same new upstream, the same event (another prefix of it).
  out.feed(announce("10.0.1.0/24", {10, 20, 30, 100}, kPeers[0]));
  EXPECT_EQ(out.alerts.size(), 1u);
  // Expected neighbours, prepending and the collector side raise nothing.
  out.feed(announce("10.0.2.0/24", {10, 99, 100, 100, 100, 101}, kPeers[1]));
  out.feed(announce("10.0.3.0/24", {100, 101}, kPeers[1]));
  out.feed(announce("10.0.4.0/24", {98, 100}, kPeers[1]));
  EXPECT_EQ(out.alerts.size(), 1u);
  // New on both sides: both reported (BGPalerter keeps only the downstream).
  out.feed(announce("10.0.5.0/24", {99, 100, 102}, kPeers[2]));
  out.feed(announce("10.0.6.0/24", {97, 100, 102}, kPeers[2]));
  EXPECT_EQ(
      keys(out.alerts),
      (std::set<std::pair<uint32_t, std::string>>{
          {30, "upstream of AS100"}, {102, "downstream of AS100"}, {97, "upstream of AS100"}}));
}

TEST(NeighborDetector, EmptyListWatchesAbsentListDoesNot) {
  auto config = test::prefixes_config(R"(options:
  monitorASns:
    '100':
      downstreams:
)");
  NeighborDetector d(config);
  test::Detection out(d, config);
  out.feed(announce("10.0.0.0/24", {5, 100}, kPeers[0]));  // any upstream: not watched
  EXPECT_TRUE(out.alerts.empty());
  out.feed(announce("10.0.0.0/24", {5, 100, 64500}, kPeers[0]));  // a stub: any downstream is new
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].observed_origin, 64500u);
}

// One event per new neighbour, over every prefix it is seen for; it ends when no peer
// carries any of them, judged per peer and prefix.
TEST(NeighborDetector, OneEventOverManyPrefixesEndsWhenNoRouteRemains) {
  auto config = test::prefixes_config(kAs100);
  NeighborDetector d(config);
  test::Detection out(d, config);
  out.feed(announce("10.0.0.0/24", {30, 100}, kPeers[0]));
  out.feed(announce("10.0.1.0/24", {30, 100}, kPeers[0]));
  out.feed(announce("10.0.1.0/24", {31, 30, 100}, kPeers[1]));
  ASSERT_EQ(out.alerts.size(), 1u);
  out.feed(withdraw("10.0.0.0/24", kPeers[0], kT0 + 1));
  out.feed(announce("10.0.1.0/24", {99, 100}, kPeers[1], kT0 + 2));  // back to an expected one
  EXPECT_EQ(out.notices.size(), 1u) << "peer 0 still carries 10.0.1.0/24 through AS30";
  out.feed(withdraw("10.0.1.0/24", kPeers[0], kT0 + 3));
  ASSERT_EQ(out.notices.size(), 2u);
  EXPECT_EQ(out.notices[1].notice, EventNotice::kEnded);
  EXPECT_EQ(out.notices[1].last_seen_us, kT0 + 3);
}

TEST(NeighborDetector, AnEventOverManyPrefixesGoesOnAfterARestart) {
  test::TempDir dir;
  auto config = test::prefixes_config(kAs100);
  uint64_t id = 0;
  {
    auto db = Database::open(dir.path());
    ASSERT_TRUE(db) << db.error();
    EventStore store(**db);
    NeighborDetector d(config);
    test::Detection out(d, config, test::every_peer(), &store);
    out.feed(announce("10.0.0.0/24", {30, 100}, kPeers[0]));
    out.feed(announce("10.0.1.0/24", {30, 100}, kPeers[0]));
    out.feed(announce("10.0.1.0/24", {30, 100}, kPeers[1]));
    ASSERT_EQ(out.alerts.size(), 1u);
    id = out.alerts[0].event_id;
  }
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error();
  EventStore store(**db);
  auto stored = store.get(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->prefixes.size(), 2u);
  EXPECT_EQ(stored->carried_routes.size(), 3u);
  NeighborDetector d(config);
  test::Detection out(d, config, test::every_peer(), &store);
  ASSERT_TRUE(out.book().restore());
  out.feed(withdraw("10.0.1.0/24", kPeers[0], kT0 + 1));
  out.feed(withdraw("10.0.1.0/24", kPeers[1], kT0 + 1));
  EXPECT_TRUE(out.notices.empty()) << "peer 0 still carries 10.0.0.0/24";
  out.feed(withdraw("10.0.0.0/24", kPeers[0], kT0 + 2));
  ASSERT_EQ(out.notices.size(), 1u);
  EXPECT_EQ(out.notices[0].event_id, id);
  EXPECT_EQ(out.notices[0].notice, EventNotice::kEnded);
}

// On the real file: AS3491 (PCCW, which carried the hijack) is monitored with the neighbours
// it had before 18:47:57Z; every neighbour new after that is an event, exactly those that
// bgpdump's lines show.
TEST(NeighborDetector, NewNeighboursOnRealDataEqualBgpdump) {
  BGPSENTRY_NEEDS_TEST_DATA();
  constexpr uint32_t kWatched = 3491;
  const int64_t cutoff_s = kT0 / 1000000;
  std::set<uint32_t> up_before, down_before;
  std::set<std::pair<uint32_t, std::string>> expected;
  for (bool before : {true, false})
    for (const auto& l : youtube_lines()) {
      if ((l.time_s < cutoff_s) != before) continue;
      for (size_t i = 0; i < l.hops.size(); ++i) {
        if (l.hops[i] != kWatched) continue;
        if (i > 0 && l.hops[i - 1] != 0) {
          if (before)
            up_before.insert(l.hops[i - 1]);
          else if (!up_before.count(l.hops[i - 1]))
            expected.emplace(l.hops[i - 1], "upstream of AS3491");
        }
        if (i + 1 < l.hops.size() && l.hops[i + 1] != 0) {
          if (before)
            down_before.insert(l.hops[i + 1]);
          else if (!down_before.count(l.hops[i + 1]))
            expected.emplace(l.hops[i + 1], "downstream of AS3491");
        }
      }
    }
  ASSERT_FALSE(up_before.empty());
  ASSERT_FALSE(down_before.empty());
  ASSERT_TRUE(expected.count({17557, "downstream of AS3491"}) || down_before.count(17557));
  std::ostringstream yaml;
  auto list = [&](const std::set<uint32_t>& s) {
    std::string out;
    for (uint32_t a : s) out += (out.empty() ? "" : ", ") + std::to_string(a);
    return "[" + out + "]";
  };
  yaml << "options:\n  monitorASns:\n    '3491':\n      upstreams: " << list(up_before)
       << "\n      downstreams: " << list(down_before) << "\n";
  auto config = test::prefixes_config(yaml.str());
  NeighborDetector d(config);
  test::Detection out(d, config);
  test::for_each_mrt_update(test::shared_data(kYoutubeFile), [&](const Update& u) {
    if (u.time_us >= kT0) out.feed(u);
  });
  EXPECT_EQ(keys(out.alerts), expected);
}

TEST(LeakDetector, RadarsProviderCustomerProviderCase) {
  auto rel = AsRelationships::parse("1|20|-1\n2|20|-1\n20|30|-1\n", "rel");
  ASSERT_TRUE(rel);
  auto config = test::prefixes_config("10.0.0.0/16:\n  asn: 1\n");
  LeakDetector d(config, std::make_shared<const AsRelationships>(std::move(*rel)));
  test::Detection out(d, config);
  out.feed(announce("10.0.0.0/16", {2, 1}, kPeers[0]));       // valley-free: nothing
  out.feed(announce("10.0.0.0/16", {30, 20, 1}, kPeers[0]));  // down twice: nothing
  out.feed(announce("192.0.2.0/24", {2, 20, 1}, kPeers[1]));  // not monitored: nothing
  EXPECT_TRUE(out.alerts.empty());
  out.feed(announce("10.0.0.0/16", {2, 20, 1}, kPeers[1]));
  out.feed(announce("10.0.5.0/24", {7, 2, 20, 1}, kPeers[2]));  // a more-specific, same leak
  ASSERT_EQ(out.alerts.size(), 1u);
  const Alert& a = out.alerts[0];
  EXPECT_EQ(a.type, AlertType::kRouteLeak);
  EXPECT_EQ(a.observed_origin, 20u);
  EXPECT_EQ(a.subject, "segment 2 20 1");
  EXPECT_NE(a.description.find("AS20 leaked a route learned from AS1 (its provider) to AS2 "
                               "(its provider)"),
            std::string::npos)
      << a.description;
  out.feed(withdraw("10.0.0.0/16", kPeers[1], kT0 + 1));
  out.feed(withdraw("10.0.5.0/24", kPeers[2], kT0 + 1));
  ASSERT_EQ(out.notices.size(), 2u);
  EXPECT_EQ(out.notices[1].notice, EventNotice::kEnded);
}

TEST(LeakDetector, OnlyToCustomerAttribute) {
  auto rel = AsRelationships::parse("1|20|-1\n20|30|-1\n", "rel");
  ASSERT_TRUE(rel);
  auto config = test::prefixes_config("options:\n  monitorASns:\n    '30': {}\n");
  LeakDetector d(config, std::make_shared<const AsRelationships>(std::move(*rel)));
  test::Detection out(d, config);
  Update u = announce("10.0.0.0/24", {1, 20, 30}, kPeers[0]);  // 30 -> 20 -> 1: up, fine
  out.feed(u);
  EXPECT_TRUE(out.alerts.empty());
  auto attrs = std::make_shared<RouteAttributes>(*u.attrs);
  attrs->only_to_customer = 30;  // ... but marked Only-to-Customer by 30
  u.attrs = attrs;
  out.feed(u);
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].observed_origin, 20u);
  EXPECT_NE(out.alerts[0].description.find("Only-to-Customer (RFC 9234 OTC AS30)"),
            std::string::npos)
      << out.alerts[0].description;
}

// On the real file with CAIDA's real relationships: paths through AS3356 (Level 3) and
// paths to YouTube's prefix; the leak events are exactly the (leaker, segment) pairs
// computed from bgpdump's lines with the first non-valley-free hop from the origin.
TEST(LeakDetector, LeaksOnRealDataEqualBgpdumpWithRealRelationships) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto& rel = real_relationships();
  auto up_or_side = [&](uint32_t other, uint32_t leaker) {
    const AsRelation r = rel.relation(other, leaker);
    return r == AsRelation::kProvider || r == AsRelation::kPeer;
  };
  const Prefix youtube = *Prefix::parse("208.65.152.0/22");
  std::set<std::pair<uint32_t, std::string>> expected;
  for (const auto& l : youtube_lines()) {
    const auto& h = l.hops;
    if (!youtube.contains(l.prefix) && std::find(h.begin(), h.end(), 3356u) == h.end()) continue;
    for (size_t i = h.size() >= 2 ? h.size() - 2 : 0; i >= 1 && i + 1 < h.size(); --i) {
      if (h[i] == 0 || h[i - 1] == 0 || h[i + 1] == 0) continue;
      if (up_or_side(h[i - 1], h[i]) && up_or_side(h[i + 1], h[i])) {
        expected.emplace(h[i], "segment " + std::to_string(h[i - 1]) + " " + std::to_string(h[i]) +
                                   " " + std::to_string(h[i + 1]));
        break;
      }
    }
  }
  ASSERT_FALSE(expected.empty()) << "the 2008 paths judged by 2016 links show some valleys";
  auto config = test::prefixes_config(
      "208.65.152.0/22:\n  asn: 36561\noptions:\n  monitorASns:\n    '3356': {}\n");
  LeakDetector d(config, std::shared_ptr<const AsRelationships>(&rel, [](auto*) {}));
  test::Detection out(d, config);
  test::for_each_mrt_update(test::shared_data(kYoutubeFile), [&](const Update& u) { out.feed(u); });
  EXPECT_EQ(keys(out.alerts), expected);
  std::printf("%zu leak events (leaker, segment) on paths through AS3356 or to YouTube\n",
              expected.size());
}

}  // namespace bgpsentry

namespace bgpsentry {

// How the hijacker relates to the victim moves the confidence: a customer or sibling
// announcing its provider's space is most often delegation, an unrelated AS is the classic
// hijacker (AS17557 and YouTube's AS36561 have no link in CAIDA's 2016 data).
TEST(EventScoring, RelationshipOfTheOffendingOrigin) {
  BGPSENTRY_NEEDS_TEST_DATA();
  auto rel = AsRelationships::parse("1|20|-1\n2|20|0\n3|4|1\n", "rel");
  ASSERT_TRUE(rel);
  auto tags_for = [&](uint32_t offending, std::vector<uint32_t> expected,
                      const AsRelationships& r) {
    Event e;
    e.type = AlertType::kOriginHijack;
    e.prefixes = {*Prefix::parse("10.0.0.0/16")};
    e.offending_asn = offending;
    e.expected_asns = std::move(expected);
    e.max_visibility = 0.1;
    score_event(e, {nullptr, &r});
    return e.tags;
  };
  EXPECT_EQ(tags_for(20, {1}, *rel).at(0), (EventTag{"offending_is_customer", -3}));
  EXPECT_EQ(tags_for(1, {20}, *rel).at(0), (EventTag{"offending_is_provider", -2}));
  EXPECT_EQ(tags_for(2, {20}, *rel).at(0), (EventTag{"offending_is_peer", -1}));
  EXPECT_EQ(tags_for(4, {3}, *rel).at(0), (EventTag{"offending_is_sibling", -3}));
  // The closest relation of any expected origin counts.
  EXPECT_EQ(tags_for(20, {2, 1}, *rel).at(0), (EventTag{"offending_is_customer", -3}));
  EXPECT_EQ(tags_for(17557, {36561}, real_relationships()).at(0),
            (EventTag{"offending_unrelated", 1}));
  // Without relationship data, no such tag.
  Event e;
  e.type = AlertType::kOriginHijack;
  e.prefixes = {*Prefix::parse("10.0.0.0/16")};
  e.offending_asn = 20;
  e.expected_asns = {1};
  score_event(e);
  for (const auto& t : e.tags) EXPECT_EQ(t.name.find("offending_"), std::string::npos) << t.name;
}

}  // namespace bgpsentry

#include "storage/history_store.h"
#include "tests/support/history_ingest.h"

namespace bgpsentry {

// The history tag on the real YouTube file in a real store: before the hijack AS17557 had
// never announced 208.65.153.0/24 (a new origin: +1); an event starting after it had would
// be about an origin seen before (-2). The scorer asks the store once per event.
TEST(EventScoring, OriginSeenBeforeFromTheStoredHistory) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error();
  HistoryStore history(**db);
  test::ingest_file(history, test::shared_data(kYoutubeFile));
  const Prefix hijacked = *Prefix::parse("208.65.153.0/24");
  // bgpdump: AS17557's first announcement of the /24 is at 18:47:57Z.
  EXPECT_FALSE(*history.announced_before(hijacked, 17557, kT0));
  EXPECT_TRUE(*history.announced_before(hijacked, 17557, kT0 + 1));
  // The file's first announcement (bgpdump's line) was seen before the next second.
  const auto& first = youtube_lines().front();
  EXPECT_TRUE(
      *history.announced_before(first.prefix, first.hops.back(), (first.time_s + 1) * 1000000));
  EXPECT_FALSE(*history.announced_before(first.prefix, first.hops.back(), first.time_s * 1000000));
  EXPECT_FALSE(*history.announced_before(hijacked, 36561, kT0 + 3600000000LL));

  int asked = 0;
  EventScorer scorer(nullptr, nullptr, [&](const Prefix& p, uint32_t origin, int64_t before) {
    ++asked;
    auto seen = history.announced_before(p, origin, before);
    return seen ? std::optional<bool>(*seen) : std::nullopt;
  });
  auto tags_of = [](const Event& e) {
    std::set<std::string> out;
    for (const auto& t : e.tags)
      out.insert(t.name + (t.score > 0 ? "+" : "") + std::to_string(t.score));
    return out;
  };
  Event e;
  e.id = 1;
  e.type = AlertType::kSubprefixHijack;
  e.prefixes = {hijacked};
  e.offending_asn = 17557;
  e.expected_asns = {36561};
  e.start_us = kT0;
  scorer(e);
  EXPECT_TRUE(tags_of(e).count("origin_new_for_prefix+1")) << e.tags.size();
  scorer(e);  // a rescore: not asked again
  EXPECT_EQ(asked, 1);
  Event later = e;
  later.id = 2;
  later.start_us = kT0 + 600000000LL;
  scorer(later);
  EXPECT_TRUE(tags_of(later).count("origin_seen_before-2"));
  EXPECT_EQ(asked, 2);
}

}  // namespace bgpsentry
