// The newprefix, path, as (unexpected prefix) and squat monitors on the real YouTube
// incident file, each against the same outcome computed independently from bgpdump's lines.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "agent/detect/hijack_detector.h"
#include "agent/detect/newprefix_detector.h"
#include "agent/detect/path_detector.h"
#include "agent/detect/squat_detector.h"
#include "agent/detect/unexpected_prefix_detector.h"
#include "tests/support/detector_test_support.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

constexpr const char* kYoutubeFile = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";

struct Announcement {
  Prefix prefix;
  std::string path;  // bgpdump's, space separated
  uint32_t origin = 0;
};

const std::vector<Announcement>& announcements() {
  static const auto all = [] {
    std::vector<Announcement> out;
    for (const auto& f : test::bgpdump_fields(test::shared_data(kYoutubeFile))) {
      if (f.size() < 7 || f[2] != "A" || f[6].empty()) continue;
      out.push_back({*Prefix::parse(f[5]), f[6],
                     static_cast<uint32_t>(std::stoul(f[6].substr(f[6].rfind(' ') + 1)))});
    }
    return out;
  }();
  return all;
}

using Keys = std::set<std::pair<std::string, uint32_t>>;

Keys keys_of(const std::vector<Alert>& alerts, AlertType type) {
  Keys out;
  for (const auto& a : alerts) {
    EXPECT_EQ(a.type, type) << a.description;
    out.emplace(a.prefix.to_string(), a.observed_origin);
  }
  return out;
}

std::vector<Alert> run(Detector& d) {
  return test::run_mrt_file(d, test::shared_data(kYoutubeFile));
}

// Prefixes the file announces as unicast. bgpdump prints multicast NLRI (SAFI 2, which some
// 2008 RouteViews peers sent) like unicast; the monitors watch unicast routes only.
std::set<Prefix> unicast_prefixes() {
  struct Spy : Detector {
    const char* name() const override { return "spy"; }
    void on_update(const Update& u, AlertEmitter&) override {
      if (u.kind == UpdateKind::kAnnounce && u.safi == Safi::kUnicast) seen.insert(u.prefix);
    }
    std::set<Prefix> seen;
  } spy;
  run(spy);
  return spy.seen;
}

}  // namespace

// Every prefix of /22 or shorter announced in the file is monitored with the origins seen
// for it (what `generate` would write); a longer prefix announced by its covering monitored
// prefix's origin is a new prefix.
TEST(NewPrefixDetector, MoreSpecificsByTheExpectedOriginOnRealData) {
  BGPSENTRY_NEEDS_TEST_DATA();
  std::map<Prefix, std::set<uint32_t>> monitored;
  for (const auto& a : announcements())
    if (a.prefix.length() <= 22) monitored[a.prefix].insert(a.origin);
  std::ostringstream yaml;
  for (const auto& [prefix, origins] : monitored) {
    yaml << prefix.to_string() << ":\n  asn: [";
    for (auto it = origins.begin(); it != origins.end(); ++it)
      yaml << (it == origins.begin() ? "" : ", ") << *it;
    yaml << "]\n";
  }
  NewPrefixDetector detector(test::prefixes_config(yaml.str()));
  const auto unicast = unicast_prefixes();
  Keys want;
  for (const auto& a : announcements())
    for (int length = a.prefix.length(); length >= 0; --length) {
      auto it = monitored.find(Prefix(a.prefix.address(), length));
      if (it == monitored.end()) continue;
      // The most specific monitored prefix decides; the prefix itself is not new.
      if (length < a.prefix.length() && it->second.count(a.origin) && unicast.count(a.prefix))
        want.emplace(a.prefix.to_string(), 0);
      break;
    }
  Keys got;
  for (const auto& a : run(detector)) {
    EXPECT_EQ(a.type, AlertType::kNewPrefix);
    EXPECT_NE(a.description.find("Possible change of configuration"), std::string::npos);
    got.emplace(a.prefix.to_string(), 0);
  }
  EXPECT_GT(monitored.size(), 1000u);
  EXPECT_GT(want.size(), 10u);
  EXPECT_EQ(got, want);
}

// Rules in OR, conditions within a rule in AND, over the comma-joined path.
TEST(PathDetector, RulesOnRealPaths) {
  BGPSENTRY_NEEDS_TEST_DATA();
  PathDetector detector(test::prefixes_config(R"(208.65.152.0/22:
  asn: 36561
  path:
    - match: ",17557$"
      matchDescription: Pakistan Telecom as origin
    - maxLength: 4
      notMatch: "^1280,"
      matchDescription: long path
)"));
  std::set<std::pair<std::string, std::string>> want;
  const Prefix youtube = *Prefix::parse("208.65.152.0/22");
  for (const auto& a : announcements()) {
    if (!youtube.contains(a.prefix)) continue;
    std::string comma = a.path;
    std::replace(comma.begin(), comma.end(), ' ', ',');
    const size_t length = static_cast<size_t>(std::count(comma.begin(), comma.end(), ',')) + 1;
    if (std::regex_search(comma, std::regex(",17557$")))
      want.emplace(a.prefix.to_string(), "Pakistan Telecom as origin");
    if (length > 4 && !std::regex_search(comma, std::regex("^1280,")))
      want.emplace(a.prefix.to_string(), "long path");
  }
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& a : run(detector)) {
    EXPECT_EQ(a.type, AlertType::kPath);
    const auto end = a.description.find(" on prefix ");
    got.emplace(a.prefix.to_string(), a.description.substr(8, end - 8));
  }
  EXPECT_EQ(got, want);
  EXPECT_TRUE(got.count({"208.65.153.0/24", "Pakistan Telecom as origin"}));
}

TEST(PathDetector, EachConditionAsBgpalerterDocumentsIt) {
  size_t length = 0;
  const auto path = PathDetector::comma_path(
      AsPath({{SegmentType::kSequence, {1280, 3491}}, {SegmentType::kSet, {17557, 64512}}}),
      &length);
  EXPECT_EQ(path, "1280,3491,17557,64512");
  EXPECT_EQ(length, 4u);
  auto rule = [](const char* yaml) {
    auto config = test::prefixes_config(std::string("192.0.2.0/24:\n  asn: 1\n  path:\n") + yaml);
    return config->prefixes.at(0).path_rules.at(0);
  };
  EXPECT_TRUE(PathDetector::holds(rule("    maxLength: 3\n"), path, length));   // longer
  EXPECT_FALSE(PathDetector::holds(rule("    maxLength: 4\n"), path, length));  // not longer
  EXPECT_TRUE(PathDetector::holds(rule("    minLength: 5\n"), path, length));   // shorter
  EXPECT_FALSE(PathDetector::holds(rule("    minLength: 4\n"), path, length));
  EXPECT_TRUE(PathDetector::holds(rule("    match: \"(,|^)3491,\"\n"), path, length));
  EXPECT_FALSE(PathDetector::holds(rule("    match: \"(,|^)3491,\"\n    notMatch: \"^1280\"\n"),
                                   path, length));
  EXPECT_FALSE(PathDetector::holds(rule("    match: \"3491\"\n    maxLength: 10\n"), path,
                                   length));  // AND
  EXPECT_FALSE(PathDetector::holds(rule("    matchDescription: nothing to check\n"), path, length));
}

// Issue 29, defect 1: the longest paths, and patterns that backtracking engines take
// exponential time over, through the detector as the engine runs it. libstdc++'s std::regex
// died of a stack overflow on the 5,000-ASN path (~131,000 frames) and took 51 s for
// `(.*,)*64500$` on 24 ASNs; the timing is bench/path_rules_bench's.
TEST(PathDetector, LongPathsAndBacktrackingPatternsAreJudgedInLinearTime) {
  PathDetector detector(test::prefixes_config(R"(192.0.2.0/24:
  asn: 64500
  path:
    - match: ".*,64500$"
      matchDescription: anchored
    - match: "(.*,)*64500$"
      matchDescription: nested star
    - match: ".*,64501$"
      matchDescription: other origin
    - notMatch: "^(\\d+,)*1,"
      maxLength: 1000
      matchDescription: no AS1 and long
)"));
  test::Detection detection(detector, test::prefixes_config("192.0.2.0/24:\n  asn: 64500\n"));
  for (const uint32_t length : {24u, 5000u, 20000u}) {
    std::vector<uint32_t> path;
    for (uint32_t i = 0; i + 1 < length; ++i) path.push_back(65000 + i % 500);
    path.push_back(64500);
    const std::string peer = "10.0.0." + std::to_string(length % 250);
    detection.feed(test::announcement("192.0.2.0/24", path, peer.c_str()));
  }
  std::map<std::string, int> rules;
  for (const auto& a : detection.alerts) {
    EXPECT_EQ(a.type, AlertType::kPath);
    ++rules[a.description.substr(8, a.description.find(" on prefix ") - 8)];
  }
  // Each rule that holds is one event (started by the first path it holds for).
  EXPECT_EQ(rules, (std::map<std::string, int>{
                       {"anchored", 1}, {"nested star", 1}, {"no AS1 and long", 1}}));
}

// A monitored ASN announcing a prefix outside the list (covering entries count as in it).
TEST(UnexpectedPrefixDetector, MonitoredAsnOutsideTheListOnRealData) {
  BGPSENTRY_NEEDS_TEST_DATA();
  UnexpectedPrefixDetector detector(test::prefixes_config(R"(202.133.32.0/19:
  asn: 17557
options:
  monitorASns:
    17557:
      group: noc
)"));
  Keys want;
  const Prefix listed = *Prefix::parse("202.133.32.0/19");
  for (const auto& a : announcements())
    if (a.origin == 17557 && !listed.contains(a.prefix)) want.emplace(a.prefix.to_string(), 17557);
  EXPECT_EQ(keys_of(run(detector), AlertType::kUnexpectedPrefix), want);
  EXPECT_EQ(want, (Keys{{"208.65.153.0/24", 17557}}));
}

// Squat space: every origin offends; the hijack monitor leaves it to the squat monitor.
TEST(SquatDetector, AnyAnnouncementOfSquatSpace) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const std::string yaml = R"(208.65.152.0/22:
  description: pretend nobody uses it
  asn: []
  squat: true
)";
  SquatDetector squat(test::prefixes_config(yaml));
  Keys want;
  const Prefix block = *Prefix::parse("208.65.152.0/22");
  for (const auto& a : announcements())
    if (block.contains(a.prefix)) want.emplace(a.prefix.to_string(), a.origin);
  EXPECT_EQ(keys_of(run(squat), AlertType::kSquat), want);
  EXPECT_TRUE(want.count({"208.65.153.0/24", 17557}));
  HijackDetector hijack(test::prefixes_config(yaml));
  EXPECT_TRUE(run(hijack).empty());

  ConfigErrors errors("p.yml");
  parse_prefixes_yaml("192.0.2.0/24:\n  asn: [64500]\n  squat: true\n198.51.100.0/24:\n  asn: []\n",
                      errors);
  const std::string text = errors.to_string();
  EXPECT_NE(text.find("p.yml:3:10: 192.0.2.0/24.squat: a squat prefix has asn: []"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("198.51.100.0/24.asn: empty: list the expected origins, or add squat: true"),
            std::string::npos)
      << text;
}

// includeMonitors / excludeMonitors, with our monitor names or BGPalerter's.
TEST(MonitorSelection, IncludeAndExcludeMonitors) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto config = test::prefixes_config(R"(208.65.152.0/22:
  asn: 36561
  excludeMonitors: [basic-hijack-detection]
)");
  HijackDetector excluded(config);
  EXPECT_TRUE(run(excluded).empty());
  HijackDetector included(test::prefixes_config(R"(208.65.152.0/22:
  asn: 36561
  includeMonitors: [hijack, path]
)"));
  EXPECT_EQ(run(included).size(), 1u);
  HijackDetector not_included(test::prefixes_config(R"(208.65.152.0/22:
  asn: 36561
  includeMonitors: [prefix-detection]
)"));
  EXPECT_TRUE(run(not_included).empty());
}

}  // namespace bgpsentry
