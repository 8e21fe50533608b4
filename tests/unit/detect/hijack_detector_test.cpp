#include "agent/detect/hijack_detector.h"

#include <gtest/gtest.h>

#include "tests/support/detector_test_support.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

const auto config = test::prefixes_config;

Update announce(const char* prefix, AsPath path, uint32_t peer_asn = 1280) {
  Update u;
  u.time_us = 1203878877000000;
  u.peer_ip = *IpAddress::parse("149.20.65.198");
  u.peer_asn = peer_asn;
  u.prefix = *Prefix::parse(prefix);
  auto a = std::make_shared<RouteAttributes>();
  a->as_path = std::move(path);
  u.attrs = a;
  return u;
}

const char* kYoutube = "208.65.152.0/22:\n  description: YouTube\n  asn: 36561\n";

}  // namespace

TEST(HijackDetector, SubPrefixAndExactOriginHijack) {
  HijackDetector d(config(kYoutube));
  test::Detection out(d);
  out.feed(announce("208.65.152.0/22", AsPath::sequence({1280, 36561})));
  out.feed(announce("208.65.153.0/24", AsPath::sequence({1280, 36561})));
  EXPECT_TRUE(out.alerts.empty()) << "the expected origin raises nothing";
  out.feed(announce("208.65.153.0/24", AsPath::sequence({1280, 3491, 17557})));
  out.feed(announce("208.65.152.0/22", AsPath::sequence({1280, 64496})));
  out.feed(announce("10.0.0.0/8", AsPath::sequence({1280, 64496})));
  ASSERT_EQ(out.alerts.size(), 2u);
  EXPECT_EQ(out.alerts[0].type, AlertType::kSubprefixHijack);
  EXPECT_EQ(out.alerts[0].prefix.to_string(), "208.65.153.0/24");
  EXPECT_EQ(out.alerts[0].monitored_prefix.to_string(), "208.65.152.0/22");
  EXPECT_EQ(out.alerts[0].observed_origin, 17557u);
  EXPECT_EQ(out.alerts[0].expected_origins, std::vector<uint32_t>{36561});
  EXPECT_NE(out.alerts[0].description.find("YouTube"), std::string::npos);
  EXPECT_EQ(out.alerts[1].type, AlertType::kOriginHijack);
  EXPECT_EQ(out.alerts[1].observed_origin, 64496u);
}

TEST(HijackDetector, OneAlertPerPrefixAndOrigin) {
  HijackDetector d(config(kYoutube));
  test::Detection out(d);
  for (uint32_t peer : {1280u, 2914u, 3356u})
    out.feed(announce("208.65.153.0/24", AsPath::sequence({peer, 3491, 17557}), peer));
  out.feed(announce("208.65.153.0/24", AsPath::sequence({1280, 64511})));
  EXPECT_EQ(out.alerts.size(), 2u);
}

TEST(HijackDetector, HonoursIgnoreAndIgnoreMorespecifics) {
  HijackDetector d(config(R"(208.65.152.0/22:
  asn: 36561
  ignoreMorespecifics: true
192.0.2.0/24:
  asn: 64500
  ignore: true
)"));
  test::Detection out(d);
  out.feed(announce("208.65.153.0/24", AsPath::sequence({3491, 17557})));
  out.feed(announce("192.0.2.0/24", AsPath::sequence({3491, 17557})));
  EXPECT_TRUE(out.alerts.empty());
  out.feed(announce("208.65.152.0/22", AsPath::sequence({3491, 17557})));
  EXPECT_EQ(out.alerts.size(), 1u) << "ignoreMorespecifics does not hide an exact hijack";
}

TEST(HijackDetector, MostSpecificMonitoredPrefixDecides) {
  HijackDetector d(config(R"(10.0.0.0/8:
  asn: 64500
10.1.0.0/16:
  asn: 64501
)"));
  test::Detection out(d);
  out.feed(announce("10.1.2.0/24", AsPath::sequence({1, 64501})));
  EXPECT_TRUE(out.alerts.empty());
  out.feed(announce("10.2.0.0/16", AsPath::sequence({1, 64501})));
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].monitored_prefix.to_string(), "10.0.0.0/8");
}

TEST(HijackDetector, EveryAsSetMemberMustBeAllowed) {
  HijackDetector d(config("10.0.0.0/8:\n  asn: [64500, 64501]\n"));
  test::Detection out(d);
  out.feed(announce("10.0.0.0/8",
                    AsPath({{SegmentType::kSequence, {1}}, {SegmentType::kSet, {64500, 64501}}})));
  EXPECT_TRUE(out.alerts.empty());
  out.feed(announce("10.0.0.0/8",
                    AsPath({{SegmentType::kSequence, {1}}, {SegmentType::kSet, {64500, 666}}})));
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].observed_origin, 666u);
}

TEST(HijackDetector, WithdrawalsAndEmptyPathsRaiseNothing) {
  HijackDetector d(config(kYoutube));
  test::Detection out(d);
  Update w = announce("208.65.153.0/24", AsPath());
  out.feed(w);
  w.kind = UpdateKind::kWithdraw;
  w.attrs.reset();
  out.feed(w);
  EXPECT_TRUE(out.alerts.empty());
}

TEST(HijackDetector, RealYoutubeIncident) {
  BGPSENTRY_NEEDS_TEST_DATA();
  // With the /19 and /20 that YouTube itself announces in this file monitored too.
  HijackDetector d(config(std::string(kYoutube) + "208.117.224.0/19:\n  asn: 36561\n" +
                          "64.15.112.0/20:\n  asn: 36561\n"));
  test::Detection out(d);
  size_t youtube_own = 0;
  test::for_each_mrt_update(
      test::shared_data("mrt/incident-youtube-2008/updates.20080224.1839.bz2"),
      [&](const Update& u) {
        out.feed(u);
        youtube_own +=
            u.kind == UpdateKind::kAnnounce && u.origins() == std::vector<uint32_t>{36561};
      });
  EXPECT_GT(youtube_own, 0u) << "the file has YouTube's own announcements";
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].type, AlertType::kSubprefixHijack);
  EXPECT_EQ(out.alerts[0].prefix.to_string(), "208.65.153.0/24");
  EXPECT_EQ(out.alerts[0].observed_origin, 17557u);
  EXPECT_EQ(out.alerts[0].first_seen_us / 1000000, 1203878877);  // 18:47:57Z
}

}  // namespace bgpsentry
