// Radar's answers, from the fixtures written from its documented schema (tests/data/radar,
// see the README there: no real answer is public): the documentation's example, paged
// lists, leaks, prefix-to-origin; a refused token, a changed schema and broken JSON are
// errors that name the field.
#include <gtest/gtest.h>

#include "agent/decode/radar_response.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

std::string fixture(const std::string& name) {
  return test::read_file(test::source_dir() + "/tests/data/radar/" + name);
}

// The list fixtures hold `result` only; a page wraps it as Radar does.
std::string page_of(const std::string& result) {
  return R"({"success": true, "errors": [], "result": )" + result +
         R"(, "result_info": {"count": 10, "page": 1, "per_page": 100, "total_count": 10}})";
}

TEST(RadarResponse, TheDocumentedHijackExample) {
  auto page = parse_radar_hijacks(fixture("hijacks_example.json"));
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->events.size(), 1u);
  const RadarHijack& h = page->events[0];
  EXPECT_EQ(h.id, 1234u);
  EXPECT_EQ(h.hijacker_asn, 64512u);
  EXPECT_EQ(h.victim_asns, std::vector<uint32_t>{64513});
  ASSERT_EQ(h.prefixes.size(), 1u);
  EXPECT_EQ(h.prefixes[0].to_string(), "192.0.2.0/24");
  EXPECT_EQ(h.confidence_score, 4u);
  EXPECT_EQ(h.tags,
            (std::vector<RadarTag>{{"irr_new_origin_invalid", 4}, {"irr_old_origin_valid", 0}}));
  EXPECT_EQ(h.peer_asns, std::vector<uint32_t>{8455});
  EXPECT_EQ(h.peer_ip_count, 1u);
  EXPECT_TRUE(h.ongoing());
  EXPECT_FALSE(h.is_stale);
  EXPECT_EQ(h.min_hijack_us, 1682604115952000);  // 2023-04-27T14:01:55.952Z
  EXPECT_EQ(page->info.total_count, 1u);
  EXPECT_EQ(page->info.per_page, 10u);
}

TEST(RadarResponse, PagedHijacksAndLeaks) {
  auto hijacks = parse_radar_hijacks(page_of(fixture("hijacks_events.json")));
  ASSERT_TRUE(hijacks) << hijacks.error();
  ASSERT_EQ(hijacks->events.size(), 10u);
  EXPECT_EQ(hijacks->events[0].id, 9010u) << "newest first";
  EXPECT_EQ(hijacks->events[0].hijacker_asn, 17557u);
  EXPECT_EQ(hijacks->events[9].id, 9001u);
  EXPECT_FALSE(hijacks->events[9].ongoing());
  auto leaks = parse_radar_leaks(page_of(fixture("leaks_events.json")));
  ASSERT_TRUE(leaks) << leaks.error();
  ASSERT_EQ(leaks->events.size(), 3u);
  EXPECT_EQ(leaks->events[0].id, 5003u);
  EXPECT_EQ(leaks->events[0].leak_asn, 64703u);
  EXPECT_EQ(leaks->events[0].leak_seg, (std::vector<uint32_t>{64500, 64703, 174}));
  EXPECT_FALSE(leaks->events[0].finished);
  EXPECT_TRUE(leaks->events[1].finished);
  EXPECT_EQ(leaks->events[0].peer_count, 8u);
}

TEST(RadarResponse, PrefixToOrigin) {
  auto rows = parse_radar_pfx2as(fixture("pfx2as_moas.json"));
  ASSERT_TRUE(rows) << rows.error();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].origin, 64666u);
  EXPECT_EQ((*rows)[1].peer_count, 3u);
  EXPECT_EQ((*rows)[1].rpki_validation, "invalid");
}

TEST(RadarResponse, ErrorsNameWhatIsWrong) {
  auto refused = parse_radar_hijacks(fixture("error_401.json"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), "Radar answered success: false: Authentication error");
  EXPECT_NE(parse_radar_hijacks("{\"success\": true, \"result\": {\"events\": [")
                .error()
                .find("not valid JSON"),
            std::string::npos);
  EXPECT_EQ(parse_radar_hijacks(R"({"success": true, "result": {"hijacks": []}})").error(),
            "result.events: missing or not an array");
  // A renamed field in the third event: the page is refused, naming it.
  std::string text = page_of(fixture("hijacks_events.json"));
  const size_t third = text.find("\"hijacker_asn\"", text.find("\"id\": 9008") - 400);
  text.replace(third, 14, "\"attacker_asn\"");
  auto changed = parse_radar_hijacks(text);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error(), "result.events[2].hijacker_asn: missing");
  EXPECT_EQ(parse_radar_leaks(R"({"success": true, "result": {"events": [{"id": -1}]}})").error(),
            "result.events[0].id: expected a non-negative integer");
  EXPECT_EQ(
      parse_radar_pfx2as(R"({"success": true, "result": {"prefix_origins": [{"prefix": "x"}]}})")
          .error(),
      "result.prefix_origins[0].prefix: missing or not a prefix");
  EXPECT_FALSE(parse_radar_hijacks(std::string(17 << 20, ' ')));
}

}  // namespace
}  // namespace bgpsentry
