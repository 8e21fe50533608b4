// Templates: BGPalerter's placeholders filled from the alert, its event and prefixes.yml,
// on the notice bgpsentry sends for the 2008 YouTube hijack.
#include "agent/alert/text/alert_text.h"

#include <gtest/gtest.h>

#include "tests/unit/alert/sample_alerts.h"

namespace bgpsentry {
namespace {

TEST(AlertText, PlaceholdersAsBgpalerterNamesThemAndOurs) {
  AlertFacts facts;
  facts.prefix_description = "YouTube";
  Event e;
  e.id = 3;
  e.peers.resize(12);
  e.tags = {{"rpki_invalid", 2}, {"many_peers", 1}};
  facts.event = e;
  const Placeholders p = alert_placeholders(test::youtube_hijack(), facts);
  EXPECT_EQ(p.at("summary"), test::youtube_hijack().description);
  EXPECT_EQ(p.at("earliest"), "2008-02-24 18:47:57");
  EXPECT_EQ(p.at("latest"), "2008-02-24 18:49:21");
  EXPECT_EQ(p.at("channel"), "hijack");
  EXPECT_EQ(p.at("type"), "SUBPREFIX_HIJACK");
  EXPECT_EQ(p.at("prefix"), "208.65.152.0/22") << "the monitored prefix";
  EXPECT_EQ(p.at("newprefix"), "208.65.153.0/24") << "the prefix announced";
  EXPECT_EQ(p.at("description"), "YouTube");
  EXPECT_EQ(p.at("asn"), "AS36561");
  EXPECT_EQ(p.at("neworigin"), "AS17557");
  EXPECT_EQ(p.at("paths"), "12956 3491 17557");
  EXPECT_EQ(p.at("peers"), "12");
  EXPECT_EQ(p.at("event_id"), "3");
  EXPECT_EQ(p.at("status"), "ONGOING");
  EXPECT_EQ(p.at("confidence"), "8");
  EXPECT_EQ(p.at("tags"), "rpki_invalid,many_peers");
  EXPECT_EQ(p.at("bgplay"),
            "https://stat.ripe.net/bgplay/208.65.153.0/24#starttime=1203878577&endtime=1203879261");
  EXPECT_EQ(p.size(), placeholder_names().size()) << "every documented name, no other";
  for (const auto& name : placeholder_names()) EXPECT_TRUE(p.count(name)) << name;
}

TEST(AlertText, AnEndedNoticeSaysEndedWithoutItsEvent) {
  Alert a = test::youtube_hijack();
  a.notice = EventNotice::kEnded;
  const Placeholders p = alert_placeholders(a, {});
  EXPECT_EQ(p.at("status"), "ENDED");
  EXPECT_EQ(p.at("peers"), "1") << "without its event: the one peer of the alert";
  EXPECT_EQ(p.at("tags"), "");
}

TEST(AlertText, AFeedAlertHasNoRouteFields) {
  Alert a;
  a.type = AlertType::kFeed;
  a.source = "rrc00";
  const Placeholders p = alert_placeholders(a, {});
  EXPECT_EQ(p.at("channel"), "feed");
  EXPECT_EQ(p.at("summary"), "FEED rrc00");
  EXPECT_EQ(p.at("prefix"), "");
  EXPECT_EQ(p.at("newprefix"), "");
  EXPECT_EQ(p.at("bgplay"), "");
  EXPECT_EQ(p.at("confidence"), "") << "an alert from before events has no score";
}

TEST(AlertText, TemplatesFillKnownNamesAndLeaveOthers) {
  const Placeholders p = alert_placeholders(test::youtube_hijack(), {});
  EXPECT_EQ(render_template("${channel}: ${newprefix} by ${neworigin} ${nope} $${prefix} $ ${", p,
                            TemplateEscape::kNone),
            "hijack: 208.65.153.0/24 by AS17557 ${nope} ${prefix} $ ${");
  EXPECT_EQ(render_template(R"({"text": "${summary}"})", p, TemplateEscape::kJson),
            R"({"text": "A new prefix 208.65.153.0/24 is announced by AS17557 \"quoted\""})");
  EXPECT_EQ(unknown_placeholders("${summary} ${nope} $${escaped} ${prefix}${typo"),
            (std::vector<std::string>{"nope"}));
}

TEST(AlertText, JsonEscapeCoversControlCharacters) {
  EXPECT_EQ(json_escape(std::string("a\"b\\c\nd\x01", 8)), "a\\\"b\\\\c\\nd\\u0001");
}

TEST(AlertText, ALongPathRendersWhole) {
  Alert a = test::youtube_hijack();
  std::vector<uint32_t> hops(AsPath::kMaxLength, 64500);
  hops.back() = 17557;
  a.as_path = AsPath::sequence(hops);
  const std::string text =
      render_template("${paths}", alert_placeholders(a, {}), TemplateEscape::kJson);
  EXPECT_EQ(text.size(), AsPath::kMaxLength * 6 - 1);
}

}  // namespace
}  // namespace bgpsentry
