// What a sink takes: its types, its confidence floor, and its user groups, resolved from
// prefixes.yml's `group` as BGPalerter does (ungrouped: "default").
#include "agent/alert/sink_filter.h"

#include <gtest/gtest.h>

#include "agent/core/text_file.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

Alert alert_for(AlertType type, const char* monitored, uint32_t origin) {
  Alert a;
  a.type = type;
  if (monitored) a.monitored_prefix = a.prefix = *Prefix::parse(monitored);
  a.observed_origin = origin;
  return a;
}

PrefixesConfig prefixes() {
  ConfigErrors errors("prefixes.yml");
  auto config = parse_prefixes_yaml(R"(
208.65.152.0/22:
  description: YouTube
  asn: 36561
  group: [noc, video]
192.0.2.0/24:
  description: ungrouped
  asn: 64500
options:
  monitorASns:
    64511:
      group: peering
)",
                                    errors);
  EXPECT_TRUE(errors.empty()) << errors.to_string();
  return config;
}

}  // namespace

TEST(SinkFilter, GroupsAndDescriptionComeFromThePrefixThenTheAsn) {
  AlertLabels labels;
  labels.set(prefixes());
  using V = std::vector<std::string>;
  EXPECT_EQ(labels.groups(alert_for(AlertType::kOriginHijack, "208.65.152.0/22", 17557)),
            (V{"noc", "video"}));
  EXPECT_EQ(labels.groups(alert_for(AlertType::kOriginHijack, "192.0.2.0/24", 64511)), V{"default"})
      << "a configured prefix without a group is default, whoever originated it";
  EXPECT_EQ(labels.groups(alert_for(AlertType::kUnexpectedPrefix, "198.51.100.0/24", 64511)),
            V{"peering"});
  EXPECT_EQ(labels.groups(alert_for(AlertType::kFeed, nullptr, 0)), V{"default"});
  EXPECT_EQ(labels.description(alert_for(AlertType::kOriginHijack, "208.65.152.0/22", 17557)),
            "YouTube");
  EXPECT_EQ(labels.description(alert_for(AlertType::kUnexpectedPrefix, "198.51.100.0/24", 64511)),
            "")
      << "a monitored ASN has no description";

  SinkFilter noc{0, {}, {"noc"}, &labels};
  SinkFilter fallback{0, {}, {"default"}, &labels};
  SinkFilter everything{0, {}, {}, &labels};
  const Alert youtube = alert_for(AlertType::kOriginHijack, "208.65.152.0/22", 17557);
  const Alert feed = alert_for(AlertType::kFeed, nullptr, 0);
  EXPECT_TRUE(noc.passes(youtube));
  EXPECT_FALSE(fallback.passes(youtube));
  EXPECT_FALSE(noc.passes(feed)) << "FEED notices go to default or unfiltered sinks";
  EXPECT_TRUE(fallback.passes(feed));
  EXPECT_TRUE(everything.passes(youtube));
  EXPECT_TRUE(everything.passes(feed));

  // Edited prefixes: the groups follow.
  PrefixesConfig edited = prefixes();
  edited.prefixes[0].groups = {"video"};
  labels.set(edited);
  EXPECT_FALSE(noc.passes(youtube));
}

TEST(SinkFilter, TypesAndConfidence) {
  SinkFilter hijacks{5, {AlertType::kOriginHijack, AlertType::kSubprefixHijack}, {}, nullptr};
  Alert a = alert_for(AlertType::kSubprefixHijack, "208.65.152.0/22", 17557);
  a.notice = EventNotice::kStarted;
  a.confidence = 7;
  EXPECT_TRUE(hijacks.passes(a));
  a.confidence = 4;
  EXPECT_FALSE(hijacks.passes(a)) << "below the floor";
  a.confidence = 7;
  a.type = AlertType::kRouteLeak;
  EXPECT_FALSE(hijacks.passes(a)) << "not one of its types";
  EXPECT_EQ(parse_alert_type("route_leak"), AlertType::kRouteLeak);
  EXPECT_EQ(parse_alert_type("ROUTE_LEAK"), AlertType::kRouteLeak);
  EXPECT_FALSE(parse_alert_type("leak"));
  EXPECT_FALSE(parse_alert_type("ALERT_TYPE_UNSPECIFIED"));
}

// BGPalerter's own generated prefixes file with a user group (bgpalerter-config): its
// prefixes and its monitored ASN route to the sinks of group "test", not to default's.
TEST(SinkFilter, GroupsOfBgpalertersGeneratedFile) {
  BGPSENTRY_NEEDS_TEST_DATA();
  auto text =
      read_text_file(test::shared_data("bgpalerter-config/generated-prefixes.final.group.yml"));
  ASSERT_TRUE(text) << text.error();
  ConfigErrors errors("generated-prefixes.final.group.yml");
  const PrefixesConfig config = parse_prefixes_yaml(*text, errors);
  ASSERT_TRUE(errors.empty()) << errors.to_string();
  AlertLabels labels;
  labels.set(config);
  SinkFilter team{0, {}, {"test"}, &labels};
  SinkFilter fallback{0, {}, {"default"}, &labels};
  for (const char* p : {"193.0.10.0/23", "193.0.0.0/21", "2001:67c:2e8::/48"}) {
    const Alert hijack = alert_for(AlertType::kOriginHijack, p, 64511);
    EXPECT_TRUE(team.passes(hijack)) << p;
    EXPECT_FALSE(fallback.passes(hijack)) << p;
  }
  const Alert unexpected = alert_for(AlertType::kUnexpectedPrefix, "198.51.100.0/24", 3333);
  EXPECT_TRUE(team.passes(unexpected)) << "AS3333 is monitored in group test";
  const Alert elsewhere = alert_for(AlertType::kOriginHijack, "198.51.100.0/24", 64511);
  EXPECT_TRUE(fallback.passes(elsewhere));
  EXPECT_FALSE(team.passes(elsewhere));
}

}  // namespace bgpsentry
