// What a sink takes: its types, its confidence floor, and its user groups, resolved from
// prefixes.yml's `group` as BGPalerter does (ungrouped: "default").
#include "agent/alert/sink_filter.h"

#include <gtest/gtest.h>

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

}  // namespace bgpsentry
