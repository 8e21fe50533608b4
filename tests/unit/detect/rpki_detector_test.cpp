// The rpki monitor on the real YouTube incident file, against the RFC 6811 outcome computed
// from bgpdump's lines with every VRP looked at; VRP reloads and staleness.
#include "agent/detect/rpki_detector.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "agent/rpki/vrp_file.h"
#include "tests/support/detector_test_support.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

constexpr const char* kYoutubeFile = "mrt/incident-youtube-2008/updates.20080224.1839.bz2";

const auto config = test::prefixes_config;

// The real 5,000 VRPs plus a ROA for YouTube's /22 (it had none in 2008), as a CSV file.
std::string write_vrps(const test::TempDir& dir) {
  auto real = load_vrp_file(test::shared_data("rpki/rpki-validator-vrps-5000.json"));
  EXPECT_TRUE(real) << real.error();
  std::ofstream out(dir / "vrps.csv");
  out << "ASN,IP Prefix,Max Length,Trust Anchor\nAS36561,208.65.152.0/22,22,test\n";
  for (const auto& v : real->vrps)
    out << "AS" << v.asn << "," << v.prefix.to_string() << "," << v.max_length << ",apnic\n";
  return dir / "vrps.csv";
}

std::vector<Alert> run_file(RpkiDetector& detector) {
  return test::run_mrt_file(detector, test::shared_data(kYoutubeFile));
}

// (prefix, origin) of every announcement bgpdump prints that `relevant` selects and whose
// RFC 6811 state, every VRP looked at, is invalid (or not found, with `uncovered`).
std::set<std::pair<std::string, uint32_t>> expected(
    const std::vector<Vrp>& vrps, bool uncovered,
    const std::function<bool(const Prefix&, uint32_t)>& relevant) {
  std::set<std::pair<std::string, uint32_t>> want;
  for (const auto& f : test::bgpdump_fields(test::shared_data(kYoutubeFile))) {
    if (f.size() < 7 || f[2] != "A") continue;
    const std::string& path = f[6];
    if (path.empty() || path.back() == '}') continue;  // AS_SET origins: none in this file
    const uint32_t origin = static_cast<uint32_t>(std::stoul(path.substr(path.rfind(' ') + 1)));
    const Prefix prefix = *Prefix::parse(f[5]);
    if (!relevant(prefix, origin)) continue;
    bool covered = false, valid = false;
    for (const auto& v : vrps)
      if (v.prefix.contains(prefix)) {
        covered = true;
        valid |= v.asn == origin && v.asn != 0 && prefix.length() <= v.max_length;
      }
    if ((covered && !valid) || (!covered && uncovered)) want.emplace(f[5], origin);
  }
  return want;
}

std::set<std::pair<std::string, uint32_t>> got(const std::vector<Alert>& alerts) {
  std::set<std::pair<std::string, uint32_t>> out;
  for (const auto& a : alerts) {
    EXPECT_EQ(a.type, AlertType::kRpkiInvalid) << a.description;
    out.emplace(a.prefix.to_string(), a.observed_origin);
  }
  return out;
}

}  // namespace

TEST(RpkiDetector, YoutubeHijackIsRpkiInvalid) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  RpkiValidator validator({write_vrps(dir), ""});
  ASSERT_TRUE(validator.load());
  RpkiDetector detector(config("208.65.152.0/22:\n  description: YouTube\n  asn: 36561\n"),
                        validator, {.check_uncovered = false, .stale_after_minutes = 0});
  const auto alerts = run_file(detector);
  const auto want = expected(validator.vrps()->vrps(), false, [](const Prefix& p, uint32_t) {
    return Prefix::parse("208.65.152.0/22")->contains(p);
  });
  EXPECT_EQ(got(alerts), want);
  ASSERT_EQ(want, (std::set<std::pair<std::string, uint32_t>>{{"208.65.153.0/24", 17557}}))
      << "YouTube's own /22 is valid; Pakistan Telecom's /24 is invalid";
  EXPECT_EQ(alerts.size(), 1u) << "one alert however many peers carry it";
  EXPECT_EQ(alerts[0].monitored_prefix.to_string(), "208.65.152.0/22");
  EXPECT_NE(alerts[0].description.find("no ROA covering it authorizes its origin"),
            std::string::npos)
      << alerts[0].description;
}

// A monitored ASN's announcements are validated wherever they are, and with
// checkUncovered those no VRP covers are reported too.
TEST(RpkiDetector, MonitoredAsnAndUncovered) {
  BGPSENTRY_NEEDS_TEST_DATA();
  test::TempDir dir;
  RpkiValidator validator({write_vrps(dir), ""});
  ASSERT_TRUE(validator.load());
  RpkiDetector detector(config("options:\n  monitorASns:\n    17557:\n      group: noc\n"),
                        validator, {.check_uncovered = true, .stale_after_minutes = 0});
  const auto alerts = run_file(detector);
  const auto want = expected(validator.vrps()->vrps(), true,
                             [](const Prefix&, uint32_t origin) { return origin == 17557; });
  EXPECT_EQ(got(alerts), want);
  EXPECT_GT(want.size(), 1u);
  size_t uncovered = 0;
  for (const auto& a : alerts) uncovered += a.description.find("not covered") != std::string::npos;
  EXPECT_GT(uncovered, 0u);
}

TEST(RpkiDetector, StaleVrpsRaiseOneFeedAlert) {
  BGPSENTRY_NEEDS_TEST_DATA();
  RpkiValidator validator({test::shared_data("rpki/stayrtr-test.rpki.json"), ""});
  ASSERT_TRUE(validator.load());  // built 2023-07-27: stale by now
  RpkiDetector detector(config("1.0.0.0/24:\n  asn: 13335\n"), validator,
                        {.check_uncovered = false, .stale_after_minutes = 120});
  const auto alerts = run_file(detector);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].type, AlertType::kFeed);
  EXPECT_NE(alerts[0].description.find("RPKI data is stale"), std::string::npos);

  RpkiDetector never(config("1.0.0.0/24:\n  asn: 13335\n"), validator,
                     {.check_uncovered = false, .stale_after_minutes = 0});
  EXPECT_TRUE(run_file(never).empty());
}

// A changed file is reloaded; a broken one is refused and the previous VRPs stay.
TEST(RpkiValidator, ReloadsWhenTheFileChanges) {
  test::TempDir dir;
  const std::string path = dir / "vrps.json";
  auto write = [&](const std::string& text) {
    std::ofstream(path + ".tmp") << text;
    std::filesystem::rename(path + ".tmp", path);
  };
  write(R"([{"prefix": "192.0.2.0/24", "maxLength": 24, "asn": "AS64496"}])");
  RpkiValidator validator({path, ""});
  ASSERT_TRUE(validator.load());
  validator.start(std::chrono::milliseconds(10));
  const auto prefix = *Prefix::parse("192.0.2.0/24");
  EXPECT_EQ(validator.vrps()->validate(prefix, 64496).state, RovState::kValid);

  write(R"([{"prefix": "192.0.2.0/24", "maxLength": 24, "asn": 64497},
            {"prefix": "198.51.100.0/24", "maxLength": 24, "asn": 64497}])");
  for (int i = 0; i < 500 && validator.loads() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(validator.loads(), 2u);
  EXPECT_EQ(validator.vrps()->size(), 2u);
  EXPECT_EQ(validator.vrps()->validate(prefix, 64496).state, RovState::kInvalid);

  write(R"([{"prefix": "192.0.2.0/24", "maxLength": 24, )");  // cut short
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(validator.loads(), 2u);
  EXPECT_EQ(validator.vrps()->size(), 2u) << "the broken file did not replace the VRPs";
  validator.stop();
}

}  // namespace bgpsentry

namespace bgpsentry {

// The FEED event no peer carries ends when fresh VRPs are loaded.
TEST(RpkiDetector, StaleFeedEventEndsWhenFreshVrpsLoad) {
  test::TempDir dir;
  const std::string file = dir / "vrps.csv";
  std::ofstream(file) << "ASN,IP Prefix,Max Length\nAS13335,1.0.0.0/24,24\n";
  const auto old_time = std::filesystem::file_time_type::clock::now() - std::chrono::hours(5);
  std::filesystem::last_write_time(file, old_time);  // CSV: generated = modification time
  RpkiValidator validator({file, ""});
  ASSERT_TRUE(validator.load());
  auto c = config("1.0.0.0/24:\n  asn: 13335\n");
  ManualClock clock;  // staleness is looked at once a second: the test moves time on
  RpkiDetector detector(c, validator, {.check_uncovered = false, .stale_after_minutes = 120},
                        clock);
  test::Detection out(detector, c);
  Update u = test::announcement("10.0.0.0/8", {1, 2}, "192.0.2.1");
  out.feed(u);
  ASSERT_EQ(out.notices.size(), 1u);
  EXPECT_EQ(out.notices[0].type, AlertType::kFeed);
  EXPECT_EQ(out.notices[0].notice, EventNotice::kStarted);

  std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now());
  ASSERT_TRUE(validator.load());
  for (int i = 0; i < 4096; ++i) out.feed(u);
  EXPECT_EQ(out.notices.size(), 1u) << "looked at no more than once a second";
  clock.advance(std::chrono::milliseconds(1100));
  for (int i = 0; i < 4096; ++i) out.feed(u);  // and once per 4,096 updates
  ASSERT_EQ(out.notices.size(), 2u);
  EXPECT_EQ(out.notices[1].notice, EventNotice::kEnded);
  EXPECT_EQ(out.notices[1].event_id, out.notices[0].event_id);
}

}  // namespace bgpsentry
