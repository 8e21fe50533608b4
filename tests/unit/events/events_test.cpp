// Events: grouping, thresholds, lifecycle from per-peer state, fade-off, notices, restore
// from a real store, and the YouTube incident as the acceptance case.
#include <gtest/gtest.h>

#include <set>

#include "agent/detect/hijack_detector.h"
#include "agent/detect/visibility_detector.h"
#include "storage/event_store.h"
#include "tests/support/detector_test_support.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

constexpr int64_t kT0 = 1203878877000000;  // 2008-02-24 18:47:57Z
constexpr const char* kYoutubeFile = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";
const char* kYoutube = "208.65.152.0/22:\n  description: YouTube\n  asn: 36561\n";

Update announce(const char* prefix, std::vector<uint32_t> path, const char* peer,
                int64_t at = kT0) {
  return test::announcement(prefix, std::move(path), peer, at);
}

Update withdraw(const char* prefix, const char* peer, int64_t at = kT0) {
  return test::withdrawal(prefix, peer, at);
}

Update peer_state(const char* peer, uint8_t new_state, int64_t at = kT0) {
  Update u = announce("0.0.0.0/0", {1}, peer, at);
  u.kind = UpdateKind::kPeerState;
  u.attrs.reset();
  u.prefix = Prefix();
  u.old_state = new_state == 6 ? 1 : 6;
  u.new_state = new_state;
  return u;
}

MonitorPolicies threshold(uint32_t peers) {
  MonitorPolicies p = test::every_peer();
  for (auto& m : p) m.threshold_min_peers = peers;
  return p;
}

const char* kPeers[] = {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"};

}  // namespace

TEST(Events, StartAtTheThresholdAndEndWhenNoPeerCarriesIt) {
  auto config = test::prefixes_config(kYoutube);
  HijackDetector d(config);
  test::Detection out(d, config, threshold(3));
  out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[0]));
  out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[0], kT0 + 1));
  out.feed(announce("208.65.153.0/24", {1299, 3491, 17557}, kPeers[1], kT0 + 2));
  EXPECT_TRUE(out.notices.empty()) << "two peers: below thresholdMinPeers 3";
  out.feed(announce("208.65.153.0/24", {2914, 3491, 17557}, kPeers[2], kT0 + 3));
  ASSERT_EQ(out.notices.size(), 1u);
  const Alert start = out.notices[0];  // a copy: notices grows below
  EXPECT_EQ(start.notice, EventNotice::kStarted);
  EXPECT_EQ(start.type, AlertType::kSubprefixHijack);
  EXPECT_NE(start.event_id, 0u);
  EXPECT_EQ(start.first_seen_us, kT0) << "the event starts with its first evidence";
  EXPECT_EQ(start.as_path.to_string(), "3491 17557") << "the path first seen";
  EXPECT_EQ(start.peer_ip.to_string(), kPeers[0]) << "with the peer that saw it";
  EXPECT_EQ(start.expected_origins, std::vector<uint32_t>{36561});
  EXPECT_NE(start.description.find("AS17557"), std::string::npos) << start.description;
  EXPECT_EQ(out.book().ongoing(), 1u);

  // Peer 0 goes back to YouTube's route (an implicit withdrawal), peer 1 withdraws: the
  // event goes on while peer 2 still carries the hijack.
  out.feed(announce("208.65.153.0/24", {3356, 36561}, kPeers[0], kT0 + 10));
  out.feed(withdraw("208.65.153.0/24", kPeers[1], kT0 + 11));
  out.feed(withdraw("208.65.153.0/24", kPeers[3], kT0 + 12));  // never carried it
  EXPECT_EQ(out.notices.size(), 1u);
  out.feed(withdraw("208.65.153.0/24", kPeers[2], kT0 + 20));
  ASSERT_EQ(out.notices.size(), 2u);
  EXPECT_EQ(out.notices[1].notice, EventNotice::kEnded);
  EXPECT_EQ(out.notices[1].event_id, start.event_id);
  EXPECT_EQ(out.notices[1].last_seen_us, kT0 + 20) << "the end time";
  EXPECT_EQ(out.book().ongoing(), 0u);

  // The same hijack again later is a new event.
  for (const char* peer : {kPeers[0], kPeers[1], kPeers[2]})
    out.feed(announce("208.65.153.0/24", {3491, 17557}, peer, kT0 + 100));
  ASSERT_EQ(out.alerts.size(), 2u);
  EXPECT_GT(out.alerts[1].event_id, start.event_id);
}

TEST(Events, APeerGoingDownTakesItsRoutesWithIt) {
  auto config = test::prefixes_config(kYoutube);
  HijackDetector d(config);
  test::Detection out(d, config, threshold(1));
  out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[0]));
  out.feed(announce("208.65.152.0/22", {3491, 36561}, kPeers[1]));
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.table().stats().peers_up, 2u);
  out.feed(peer_state(kPeers[1], 1, kT0 + 5));  // another peer: nothing ends
  EXPECT_EQ(out.notices.size(), 1u);
  out.feed(peer_state(kPeers[0], 1, kT0 + 6));  // Established -> Idle
  ASSERT_EQ(out.notices.size(), 2u);
  EXPECT_EQ(out.notices[1].notice, EventNotice::kEnded);
  EXPECT_EQ(out.table().stats().peers_up, 0u);
  EXPECT_EQ(out.table().routes(*Prefix::parse("208.65.153.0/24")), nullptr);
}

TEST(Events, EvidenceBelowTheThresholdFadesOff) {
  auto config = test::prefixes_config(kYoutube);
  HijackDetector d(config);
  MonitorPolicies p = threshold(2);
  for (auto& m : p) m.fade_off_s = 360;
  test::Detection out(d, config, p);
  out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[0]));
  out.feed(withdraw("208.65.153.0/24", kPeers[0], kT0 + 1000000));
  // 400 s later: the first peer's evidence is forgotten, one new peer is not enough.
  out.feed(announce("10.0.0.0/8", {1, 2}, kPeers[2], kT0 + 400000000));  // time moves on
  out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[1], kT0 + 400000001));
  EXPECT_TRUE(out.notices.empty());
  // Within the fade-off a second peer reaches the threshold.
  out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[2], kT0 + 401000000));
  ASSERT_EQ(out.alerts.size(), 1u);
}

TEST(Events, ThresholdCanCountPeerAses) {
  auto config = test::prefixes_config(kYoutube);
  HijackDetector d(config);
  MonitorPolicies p = threshold(2);
  for (auto& m : p) m.count_peer_asns = true;
  test::Detection out(d, config, p);
  // Two sessions of one AS count once.
  out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[0]));
  out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[1]));
  EXPECT_TRUE(out.alerts.empty());
  out.feed(announce("208.65.153.0/24", {1299, 3491, 17557}, kPeers[2]));
  EXPECT_EQ(out.alerts.size(), 1u);
}

TEST(Events, ChangedNoticesRespectTheIntervalAndAlertOnlyOnce) {
  for (bool only_once : {false, true}) {
    auto config = test::prefixes_config(kYoutube);
    HijackDetector d(config);
    MonitorPolicies p = threshold(1);
    for (auto& m : p) {
      m.notification_interval_s = 60;
      m.alert_only_once = only_once;
    }
    test::Detection out(d, config, p);
    out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[0]));
    // A second peer within the minute doubles the spread: not yet notified.
    out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[1], kT0 + 1000000));
    EXPECT_EQ(out.notices.size(), 1u);
    out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[2], kT0 + 61000000));
    if (only_once) {
      EXPECT_EQ(out.notices.size(), 1u);
    } else {
      ASSERT_EQ(out.notices.size(), 2u);
      EXPECT_EQ(out.notices[1].notice, EventNotice::kChanged);
      EXPECT_NE(out.notices[1].description.find("3 peers"), std::string::npos)
          << out.notices[1].description;
    }
  }
}

TEST(Events, VisibilityLossFromPerPeerStateAndVisibleAgain) {
  auto config = test::prefixes_config(kYoutube);
  RouteTable table(config);
  test::CollectAlerts notices;
  EventBook book(table.peers(), nullptr, notices, threshold(2), nullptr);
  std::vector<std::unique_ptr<Detector>> detectors;
  detectors.push_back(std::make_unique<VisibilityDetector>(config, table));
  DetectionPipeline pipeline(table, std::move(detectors), book);
  auto feed = [&](const Update& u) {
    pipeline.process(u);
    pipeline.end_batch();
  };
  for (int i = 0; i < 3; ++i) feed(announce("208.65.152.0/22", {3356, 36561}, kPeers[i]));
  feed(withdraw("208.65.152.0/22", kPeers[3], kT0 + 1));  // never carried it: no loss
  feed(withdraw("208.65.152.0/22", kPeers[0], kT0 + 2));
  EXPECT_TRUE(notices.alerts.empty()) << "one peer lost it: below thresholdMinPeers 2";
  feed(withdraw("208.65.152.0/22", kPeers[1], kT0 + 3));
  ASSERT_EQ(notices.alerts.size(), 1u);
  EXPECT_EQ(notices.alerts[0].type, AlertType::kVisibilityLoss);
  EXPECT_EQ(notices.alerts[0].notice, EventNotice::kStarted);
  EXPECT_EQ(notices.alerts[0].prefix.to_string(), "208.65.152.0/22");
  feed(withdraw("208.65.152.0/22", kPeers[1], kT0 + 4));  // a repeated withdrawal
  feed(announce("208.65.152.0/22", {3356, 36561}, kPeers[0], kT0 + 5));
  EXPECT_EQ(notices.alerts.size(), 1u) << "peer 1 still does not see it";
  feed(announce("208.65.152.0/22", {1299, 36561}, kPeers[1], kT0 + 6));
  ASSERT_EQ(notices.alerts.size(), 2u);
  EXPECT_EQ(notices.alerts[1].notice, EventNotice::kEnded);
  EXPECT_EQ(notices.alerts[1].event_id, notices.alerts[0].event_id);
  EXPECT_NE(notices.alerts[1].description.find("visible again"), std::string::npos)
      << notices.alerts[1].description;
}

TEST(Events, OngoingEventsGoOnAfterARestart) {
  test::TempDir dir;
  auto config = test::prefixes_config(kYoutube);
  uint64_t id = 0;
  {
    auto db = Database::open(dir.path());
    ASSERT_TRUE(db) << db.error();
    EventStore store(**db);
    HijackDetector d(config);
    test::Detection out(d, config, threshold(2), &store);
    out.feed(announce("208.65.153.0/24", {3491, 17557}, kPeers[0]));
    out.feed(announce("208.65.153.0/24", {1299, 3491, 17557}, kPeers[1], kT0 + 5));
    ASSERT_EQ(out.alerts.size(), 1u);
    id = out.alerts[0].event_id;
  }
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error();
  EventStore store(**db);
  auto stored = store.get(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, EventStatus::kOngoing);
  EXPECT_EQ(stored->peers.size(), 2u);
  EXPECT_EQ(stored->carriers.size(), 2u);
  EXPECT_EQ(stored->offending_asn, 17557u);

  HijackDetector d(config);
  test::Detection out(d, config, threshold(2), &store);
  ASSERT_TRUE(out.book().restore());
  EXPECT_EQ(out.book().ongoing(), 1u);
  out.feed(announce("208.65.153.0/24", {2914, 3491, 17557}, kPeers[2], kT0 + 10));
  EXPECT_TRUE(out.alerts.empty()) << "the same event goes on, not a new one";
  for (const char* peer : {kPeers[0], kPeers[1], kPeers[2]})
    out.feed(withdraw("208.65.153.0/24", peer, kT0 + 20));
  ASSERT_EQ(out.notices.size(), 1u);
  EXPECT_EQ(out.notices[0].notice, EventNotice::kEnded);
  EXPECT_EQ(out.notices[0].event_id, id);
  stored = store.get(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, EventStatus::kEnded);
  EXPECT_EQ(stored->peers.size(), 3u);
  EXPECT_TRUE(stored->carriers.empty());
  EXPECT_EQ(stored->end_us, kT0 + 20);
  // A new event after the restart gets a new id, never a reused one.
  out.feed(announce("208.65.153.0/24", {3491, 64511}, kPeers[0], kT0 + 30));
  out.feed(announce("208.65.153.0/24", {3491, 64511}, kPeers[1], kT0 + 30));
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_GT(out.alerts[0].event_id, id);
}

// The acceptance case: with BGPalerter's default thresholds, the real file yields one
// ONGOING sub-prefix hijack event for 208.65.153.0/24 by AS17557, seen by every peer
// bgpdump shows carrying it, with a high confidence; YouTube's own routes raise nothing.
TEST(Events, YoutubeIncidentIsOneOngoingSubprefixHijack) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error();
  EventStore store(**db);
  auto config = test::prefixes_config(std::string(kYoutube) + "208.117.224.0/19:\n  asn: 36561\n" +
                                      "64.15.112.0/20:\n  asn: 36561\n");
  HijackDetector d(config);
  test::Detection out(d, config, default_monitor_policies(), &store);
  test::for_each_mrt_update(test::shared_data(kYoutubeFile), [&](const Update& u) { out.feed(u); });

  std::set<std::string> hijack_peers;  // independently, from bgpdump
  for (const auto& f : test::bgpdump_fields(test::shared_data(kYoutubeFile)))
    if (f.size() > 6 && f[2] == "A" && f[5] == "208.65.153.0/24" && f[6].size() > 6 &&
        f[6].substr(f[6].size() - 6) == " 17557")
      hijack_peers.insert(f[3]);
  ASSERT_GE(hijack_peers.size(), 40u);

  ASSERT_EQ(out.alerts.size(), 1u);
  const auto event = store.get(out.alerts[0].event_id);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, AlertType::kSubprefixHijack);
  EXPECT_EQ(event->status, EventStatus::kOngoing);
  ASSERT_EQ(event->prefixes.size(), 1u);
  EXPECT_EQ(event->prefixes[0].to_string(), "208.65.153.0/24");
  EXPECT_EQ(event->monitored_prefix.to_string(), "208.65.152.0/22");
  EXPECT_EQ(event->offending_asn, 17557u);
  EXPECT_EQ(event->expected_asns, std::vector<uint32_t>{36561});
  std::set<std::string> seen;
  for (const auto& p : event->peers) seen.insert(p.ip.to_string());
  EXPECT_EQ(seen, hijack_peers);
  EXPECT_GE(event->confidence, 7u);
  EXPECT_GT(event->max_visibility, 0.5);
  std::set<std::string> tags;
  for (const auto& t : event->tags) tags.insert(t.name);
  EXPECT_TRUE(tags.count("more_specific"));
  EXPECT_TRUE(tags.count("seen_by_most_peers"));
  EXPECT_EQ(out.book().ongoing(), 1u);
}

}  // namespace bgpsentry

#include "agent/irr/irr_database.h"

namespace bgpsentry {
namespace {

std::shared_ptr<const IrrDatabase> irr_fixture() {
  auto db = IrrDatabase::load({test::source_dir() + "/tests/data/irr/radb.db"});
  EXPECT_TRUE(db) << db.error();
  return db ? std::make_shared<const IrrDatabase>(std::move(*db)) : nullptr;
}

// IRR evidence as Radar names it, from the written RADB fixture (tests/data/irr/README.md):
// a registered new origin lowers the confidence by 2, an unregistered one under registered
// objects raises it by 2; no covering object says so at 0; the expected origin registered
// is noted at 0.
TEST(EventScoring, IrrTagsAndScores) {
  const auto irr = irr_fixture();
  ASSERT_TRUE(irr);
  auto score = [&](const char* prefix, uint32_t offending, uint32_t expected) {
    Event e;
    e.type = AlertType::kOriginHijack;
    e.prefixes = {*Prefix::parse(prefix)};
    e.offending_asn = offending;
    e.expected_asns = {expected};
    e.max_visibility = 0.1;
    ScoringContext context;
    context.irr = irr.get();
    score_event(e, context);
    Event without = e;
    score_event(without);
    return std::pair{e, static_cast<int>(e.confidence) - static_cast<int>(without.confidence)};
  };
  auto [registered, registered_delta] = score("192.0.2.0/24", 64500, 64511);
  EXPECT_EQ(registered.tags.front(), (EventTag{"irr_new_origin_valid", -2}));
  EXPECT_EQ(registered_delta, -2);
  auto [invalid, invalid_delta] = score("208.65.152.0/22", 17557, 36561);
  ASSERT_GE(invalid.tags.size(), 2u);
  EXPECT_EQ(invalid.tags[0], (EventTag{"irr_new_origin_invalid", 2}));
  EXPECT_EQ(invalid.tags[1], (EventTag{"irr_old_origin_valid", 0}));
  EXPECT_EQ(invalid_delta, 2);
  auto [unknown, unknown_delta] = score("10.0.0.0/8", 17557, 36561);
  EXPECT_EQ(unknown.tags.front(), (EventTag{"irr_no_object", 0}));
  EXPECT_EQ(unknown_delta, 0);
  // Types that are not about an origin get no IRR tag.
  Event leak;
  leak.type = AlertType::kRouteLeak;
  leak.prefixes = {*Prefix::parse("208.65.152.0/22")};
  leak.offending_asn = 17557;
  ScoringContext context;
  context.irr = irr.get();
  score_event(leak, context);
  for (const auto& t : leak.tags) EXPECT_EQ(t.name.find("irr_"), std::string::npos) << t.name;
}

// The acceptance case again, with the IRR fixture in force: the real 2008 hijack of
// 208.65.153.0/24 by AS17557 is under YouTube's registered /22, so it carries
// irr_new_origin_invalid (+2) and irr_old_origin_valid, and its confidence goes from 8 to 10.
TEST(Events, YoutubeIncidentCarriesIrrEvidence) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto irr = irr_fixture();
  ASSERT_TRUE(irr);
  auto run = [&](bool with_irr) {
    test::TempDir dir;
    auto db = Database::open(dir.path());
    EXPECT_TRUE(db);
    EventStore store(**db);
    auto config = test::prefixes_config(kYoutube);
    HijackDetector d(config);
    EventBook::Scorer scorer = [&](Event& e) {
      ScoringContext context;
      if (with_irr) context.irr = irr.get();
      score_event(e, context);
    };
    test::Detection out(d, config, default_monitor_policies(), &store, scorer);
    test::for_each_mrt_update(test::shared_data(kYoutubeFile),
                              [&](const Update& u) { out.feed(u); });
    EXPECT_EQ(out.alerts.size(), 1u);
    auto event = out.alerts.empty() ? std::nullopt : store.get(out.alerts[0].event_id);
    return event.value_or(Event{});
  };
  const Event plain = run(false);
  const Event with_irr = run(true);
  EXPECT_EQ(plain.confidence, 8u);
  EXPECT_EQ(with_irr.confidence, 10u);
  std::set<std::string> tags;
  for (const auto& t : with_irr.tags) tags.insert(t.name);
  EXPECT_TRUE(tags.count("irr_new_origin_invalid"));
  EXPECT_TRUE(tags.count("irr_old_origin_valid"));
  for (const auto& t : plain.tags) EXPECT_EQ(t.name.find("irr_"), std::string::npos);
}

}  // namespace
}  // namespace bgpsentry

namespace bgpsentry {
namespace {

// Radar's event 9010 of the written fixture (tests/data/radar): the 2008 hijack as Radar
// would have reported it.
ExternalReport radar_report(uint64_t id, const char* prefix, uint32_t hijacker, bool ongoing,
                            uint32_t confidence = 8) {
  ExternalReport r;
  r.source = "radar";
  r.kind = "hijack";
  r.id = id;
  r.type = AlertType::kOriginHijack;
  r.prefixes = {*Prefix::parse(prefix)};
  r.offending_asn = hijacker;
  r.expected_asns = {36561};
  r.confidence = confidence;
  r.tags = {{"irr_new_origin_invalid", 4}, {"irr_old_origin_valid", 0}};
  r.peer_asns = {3549, 7018};
  r.peer_count = 45;
  r.start_us = kT0;
  r.last_seen_us = kT0 + 420000000;
  r.ongoing = ongoing;
  return r;
}

std::vector<std::string> sources_of(const Event& e) {
  return event_sources(e);
}

// The acceptance case: bgpsentry's own detection of the real hijack, then Radar's report of
// it: one event naming both sources, radar_corroborated (+2), one CHANGED notice; Radar's
// later updates of the same event add nothing; Radar saying it is over does not end what
// bgpsentry still sees.
TEST(Events, ARadarReportOfTheYoutubeHijackJoinsTheOwnEvent) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error();
  EventStore store(**db);
  auto config = test::prefixes_config(kYoutube);
  HijackDetector d(config);
  test::Detection out(d, config, default_monitor_policies(), &store);
  test::for_each_mrt_update(test::shared_data(kYoutubeFile), [&](const Update& u) { out.feed(u); });
  ASSERT_EQ(out.alerts.size(), 1u);
  const uint64_t id = out.alerts[0].event_id;
  const size_t notices_before = out.notices.size();
  const uint32_t confidence_before = store.get(id)->confidence;

  out.book().report(radar_report(9010, "208.65.153.0/24", 17557, true),
                    *Prefix::parse("208.65.152.0/22"));
  out.collect();
  ASSERT_EQ(out.notices.size(), notices_before + 1);
  EXPECT_EQ(out.notices.back().notice, EventNotice::kChanged);
  EXPECT_EQ(out.notices.back().event_id, id);
  auto event = store.get(id);
  ASSERT_TRUE(event);
  EXPECT_EQ(sources_of(*event), (std::vector<std::string>{"bgpsentry", "radar"}));
  ASSERT_EQ(event->reports.size(), 1u);
  EXPECT_EQ(event->reports[0].id, 9010u);
  EXPECT_EQ(event->reports[0].tags.size(), 2u);
  EXPECT_TRUE(
      std::count(event->tags.begin(), event->tags.end(), EventTag{"radar_corroborated", 2}));
  EXPECT_EQ(event->confidence, std::min(confidence_before + 2, 10u));
  EXPECT_EQ(out.book().ongoing(), 1u) << "one event, not two";
  EXPECT_EQ(out.book().reported_only(), 0u);

  // The same report again, and Radar saying it is over: stored, no new event, no notice.
  out.book().report(radar_report(9010, "208.65.153.0/24", 17557, true),
                    *Prefix::parse("208.65.152.0/22"));
  out.collect();
  EXPECT_EQ(out.notices.size(), notices_before + 1);
  out.book().report(radar_report(9010, "208.65.153.0/24", 17557, false),
                    *Prefix::parse("208.65.152.0/22"));
  out.collect();
  EXPECT_EQ(out.notices.back().notice, EventNotice::kChanged);
  EXPECT_EQ(store.get(id)->status, EventStatus::kOngoing) << "bgpsentry still sees it";
  EXPECT_FALSE(store.get(id)->reports[0].ongoing);
  EXPECT_EQ(out.book().ongoing(), 1u);
}

// A hijack only Radar saw: an event of its own (detected false, Radar's score and tags),
// STARTED, CHANGED when its confidence moves, ENDED when Radar says it is over; a repeat of
// the same report adds nothing. After a restart it goes on.
TEST(Events, AHijackOnlyRadarSawIsAnEventOfItsOwn) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error();
  EventStore store(**db);
  auto config = test::prefixes_config("198.51.100.0/24:\n  asn: 36561\n");
  uint64_t id = 0;
  {
    HijackDetector d(config);
    test::Detection out(d, config, default_monitor_policies(), &store);
    out.book().report(radar_report(9001, "198.51.100.0/24", 64601, true, 4),
                      *Prefix::parse("198.51.100.0/24"));
    out.collect();
    ASSERT_EQ(out.alerts.size(), 1u);
    EXPECT_EQ(out.alerts[0].source, "radar");
    EXPECT_EQ(out.alerts[0].confidence, 4u);
    EXPECT_NE(out.alerts[0].description.find("reported by radar (hijack 9001)"), std::string::npos)
        << out.alerts[0].description;
    id = out.alerts[0].event_id;
    auto event = store.get(id);
    ASSERT_TRUE(event);
    EXPECT_FALSE(event->detected);
    EXPECT_EQ(sources_of(*event), std::vector<std::string>{"radar"});
    EXPECT_EQ(event->tags.front(), (EventTag{"reported_by_radar", 0}));
    EXPECT_EQ(event->monitored_prefix.to_string(), "198.51.100.0/24");
    out.book().report(radar_report(9001, "198.51.100.0/24", 64601, true, 4),
                      *Prefix::parse("198.51.100.0/24"));
    out.collect();
    EXPECT_EQ(out.notices.size(), 1u) << "a repeat says nothing";
    out.book().report(radar_report(9001, "198.51.100.0/24", 64601, true, 7),
                      *Prefix::parse("198.51.100.0/24"));
    out.collect();
    ASSERT_EQ(out.notices.size(), 2u);
    EXPECT_EQ(out.notices[1].notice, EventNotice::kChanged);
    EXPECT_EQ(out.notices[1].confidence, 7u);
  }
  // Restarted: the event goes on, and Radar's "finished" ends it.
  HijackDetector d(config);
  test::Detection out(d, config, default_monitor_policies(), &store);
  ASSERT_TRUE(out.book().restore());
  EXPECT_EQ(out.book().reported_only(), 1u);
  out.book().report(radar_report(9001, "198.51.100.0/24", 64601, false, 7),
                    *Prefix::parse("198.51.100.0/24"));
  out.collect();
  ASSERT_EQ(out.notices.size(), 1u);
  EXPECT_EQ(out.notices[0].notice, EventNotice::kEnded);
  EXPECT_EQ(out.notices[0].event_id, id);
  EXPECT_EQ(store.get(id)->status, EventStatus::kEnded);
  EXPECT_EQ(out.book().ongoing(), 0u);
}

// Radar first, then bgpsentry's own vantage points see the same hijack: the own event takes
// the Radar event over (its id, its report): one event naming both, a CHANGED notice.
TEST(Events, OwnDetectionAfterRadarTakesTheRadarEventOver) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error();
  EventStore store(**db);
  auto config = test::prefixes_config(kYoutube);
  HijackDetector d(config);
  test::Detection out(d, config, threshold(1), &store);
  out.book().report(radar_report(9010, "208.65.153.0/24", 17557, true),
                    *Prefix::parse("208.65.152.0/22"));
  out.collect();
  ASSERT_EQ(out.alerts.size(), 1u);
  const uint64_t id = out.alerts[0].event_id;
  out.feed(announce("208.65.153.0/24", {3491, 17557}, "192.0.2.1", kT0 + 10));
  ASSERT_EQ(out.alerts.size(), 1u) << "no second STARTED";
  EXPECT_EQ(out.notices.back().notice, EventNotice::kChanged);
  EXPECT_EQ(out.notices.back().event_id, id);
  auto event = store.get(id);
  ASSERT_TRUE(event);
  EXPECT_TRUE(event->detected);
  EXPECT_EQ(sources_of(*event), (std::vector<std::string>{"bgpsentry", "radar"}));
  EXPECT_EQ(event->peers.size(), 1u);
  EXPECT_EQ(out.book().ongoing(), 1u);
  EXPECT_EQ(out.book().reported_only(), 0u);
  // Our vantage points stop seeing it: the event ends; Radar's later word adds no event.
  out.feed(withdraw("208.65.153.0/24", "192.0.2.1", kT0 + 20));
  EXPECT_EQ(out.notices.back().notice, EventNotice::kEnded);
  out.book().report(radar_report(9010, "208.65.153.0/24", 17557, true),
                    *Prefix::parse("208.65.152.0/22"));
  out.collect();
  EXPECT_EQ(out.notices.back().notice, EventNotice::kEnded);
  EXPECT_EQ(out.book().ongoing(), 0u);
  EXPECT_EQ(out.book().reported_only(), 0u);
}

}  // namespace
}  // namespace bgpsentry
