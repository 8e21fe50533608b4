// VRP files as validators and BGPalerter write them, SLURM, and route origin validation
// (RFC 6811) against a brute-force reading of the RFC over the same real VRPs.
#include <gtest/gtest.h>

#include <random>
#include <regex>

#include "agent/core/time_text.h"
#include "agent/rpki/slurm.h"
#include "agent/rpki/vrp_file.h"
#include "agent/rpki/vrp_set.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

// RFC 6811 section 2, literally: every VRP is looked at.
RovResult brute_force(const std::vector<Vrp>& vrps, const Prefix& route, uint32_t origin) {
  RovResult r;
  bool matched = false, origin_named = false;
  for (const Vrp& v : vrps) {
    if (!v.prefix.contains(route)) continue;
    ++r.covering;
    if (v.asn != 0 && v.asn == origin) {
      origin_named = true;
      if (route.length() <= v.max_length) matched = true;
    }
  }
  if (matched) r.state = RovState::kValid;
  if (!matched && r.covering) {
    r.state = RovState::kInvalid;
    r.reason = origin_named ? RovReason::kLength : RovReason::kAsn;
  }
  return r;
}

size_t count_matches(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

}  // namespace

TEST(VrpFile, RpkiClientJson) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto path = test::shared_data("rpki/stayrtr-test.rpki.json");
  auto file = load_vrp_file(path);
  ASSERT_TRUE(file) << file.error();
  EXPECT_STREQ(file->format, "rpki-client JSON");
  EXPECT_EQ(file->vrps.size(), count_matches(test::read_file(path), "\"prefix\""));
  EXPECT_EQ(file->vrps.size(), 19u);
  EXPECT_EQ(file->generated, parse_utc_time("2023-07-27T18:56:02Z"));
  EXPECT_EQ(file->vrps[0].asn, 13335u);
  EXPECT_EQ(file->vrps[0].prefix.to_string(), "1.0.0.0/24");
  size_t lmao = 0;
  for (const auto& v : file->vrps) lmao += v.ta == "lmao";
  EXPECT_EQ(lmao, 1u);
}

TEST(VrpFile, AsnAsNumberOrString) {
  BGPSENTRY_NEEDS_TEST_DATA();
  auto file = load_vrp_file(test::shared_data("rpki/stayrtr-smalltest.rpki.json"));
  ASSERT_TRUE(file) << file.error();
  ASSERT_EQ(file->vrps.size(), 2u);
  EXPECT_EQ(file->vrps[0].asn, 13335u);
  EXPECT_EQ(file->vrps[1].asn, 9367u);
  EXPECT_EQ(file->vrps[1].prefix.to_string(), "2001:200:136::/48");
  EXPECT_EQ(file->vrps[1].max_length, 48);
}

// BGPalerter's external VRP file: a bare array, asn as a numeric string.
TEST(VrpFile, BgpalerterArrayAndTheRfcAgainstBruteForce) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto path = test::shared_data("rpki/rpki-validator-vrps-5000.json");
  const std::string text = test::read_file(path);
  auto file = load_vrp_file(path);
  ASSERT_TRUE(file) << file.error();
  EXPECT_STREQ(file->format, "BGPalerter JSON");
  ASSERT_EQ(file->vrps.size(), 5000u);
  size_t v6 = 0, as0 = 0;
  for (const auto& v : file->vrps) {
    v6 += v.prefix.afi() == Afi::kIpv6;
    as0 += v.asn == 0;
  }
  EXPECT_EQ(v6, 545u);
  EXPECT_EQ(as0, count_matches(text, "\"asn\":\"0\""));
  EXPECT_GT(as0, 0u);

  const VrpSet set(file->vrps);
  EXPECT_LE(set.size(), 5000u);
  // Routes made from the VRPs: the VRP's own prefix and origin, a longer prefix than
  // allowed, another origin, a covering prefix, with random origins from the file.
  std::mt19937 rng(7);
  size_t states[3] = {0, 0, 0};
  for (const auto& v : file->vrps) {
    const uint32_t other = file->vrps[rng() % file->vrps.size()].asn;
    const int longer = std::min(v.max_length + 1, max_length(v.prefix.afi()));
    for (const Prefix& route : {v.prefix, Prefix(v.prefix.address(), longer),
                                Prefix(v.prefix.address(), std::max(v.prefix.length() - 4, 0))})
      for (uint32_t origin : {v.asn, other, 64512u}) {
        const auto got = set.validate(route, origin);
        const auto want = brute_force(file->vrps, route, origin);
        ASSERT_EQ(got.state, want.state) << route.to_string() << " AS" << origin;
        ASSERT_EQ(got.reason, want.reason) << route.to_string() << " AS" << origin;
        ASSERT_EQ(got.covering, want.covering) << route.to_string() << " AS" << origin;
        ++states[static_cast<int>(got.state)];
      }
  }
  EXPECT_GT(states[static_cast<int>(RovState::kValid)], 4000u);
  EXPECT_GT(states[static_cast<int>(RovState::kInvalid)], 10000u);
  EXPECT_GT(states[static_cast<int>(RovState::kNotFound)], 100u);
}

TEST(VrpSet, Rfc6811Cases) {
  const VrpSet set({{*Prefix::parse("192.0.2.0/24"), 24, 64496, ""},
                    {*Prefix::parse("198.51.100.0/22"), 24, 64497, ""},
                    {*Prefix::parse("198.51.100.0/24"), 24, 0, ""},
                    {*Prefix::parse("2001:db8::/32"), 48, 64496, ""}});
  auto check = [&](const char* p, std::optional<uint32_t> origin, RovState state,
                   RovReason reason) {
    const auto r = set.validate(*Prefix::parse(p), origin);
    EXPECT_EQ(r.state, state) << p;
    EXPECT_EQ(r.reason, reason) << p;
  };
  check("192.0.2.0/24", 64496, RovState::kValid, RovReason::kNone);
  check("192.0.2.0/25", 64496, RovState::kInvalid, RovReason::kLength);
  check("192.0.2.0/24", 64511, RovState::kInvalid, RovReason::kAsn);
  check("192.0.2.0/24", std::nullopt, RovState::kInvalid, RovReason::kAsn);  // AS_SET origin
  check("203.0.113.0/24", 64496, RovState::kNotFound, RovReason::kNone);
  check("192.0.0.0/16", 64496, RovState::kNotFound, RovReason::kNone);  // covers, not covered
  // The /22 allows /24s by 64497; the AS0 VRP for one /24 does not make that invalid.
  check("198.51.100.0/24", 64497, RovState::kValid, RovReason::kNone);
  check("198.51.101.0/24", 0, RovState::kInvalid, RovReason::kAsn);  // AS0 matches nothing
  check("2001:db8:1::/48", 64496, RovState::kValid, RovReason::kNone);
  check("2001:db8:1:1::/64", 64496, RovState::kInvalid, RovReason::kLength);
}

TEST(Slurm, Rfc8416FiltersAndAssertions) {
  BGPSENTRY_NEEDS_TEST_DATA();
  auto vrps = load_vrp_file(test::shared_data("rpki/stayrtr-test.rpki.json"));
  ASSERT_TRUE(vrps) << vrps.error();
  auto slurm = load_slurm_file(test::shared_data("rpki/stayrtr-test.slurm.json"));
  ASSERT_TRUE(slurm) << slurm.error();
  ASSERT_EQ(slurm->filters.size(), 1u);
  ASSERT_EQ(slurm->assertions.size(), 1u);
  // A VRP the filter removes, one it leaves (other AS), and the file's own.
  auto input = vrps->vrps;
  input.push_back({*Prefix::parse("10.0.0.0/25"), 25, 65000, ""});
  input.push_back({*Prefix::parse("10.0.0.0/24"), 24, 65001, ""});
  const VrpSet set(slurm->apply(input));
  EXPECT_EQ(set.size(), vrps->vrps.size() + 2);
  EXPECT_EQ(set.validate(*Prefix::parse("10.0.0.0/25"), 65000).state, RovState::kInvalid);
  EXPECT_EQ(set.validate(*Prefix::parse("10.0.0.0/24"), 65001).state, RovState::kValid);
  EXPECT_EQ(set.validate(*Prefix::parse("10.2.0.0/26"), 65002).state, RovState::kValid);
  EXPECT_EQ(set.validate(*Prefix::parse("10.2.0.0/27"), 65002).reason, RovReason::kLength);
  EXPECT_EQ(set.validate(*Prefix::parse("1.0.0.0/24"), 13335).state, RovState::kValid);

  auto v2 = load_slurm_file(test::shared_data("rpki/stayrtr-slurm-v2.json"));
  ASSERT_TRUE(v2) << v2.error();
  ASSERT_EQ(v2->filters.size(), 3u);
  EXPECT_FALSE(v2->filters[0].asn);
  EXPECT_FALSE(v2->filters[1].prefix);
  ASSERT_EQ(v2->assertions.size(), 2u);
  EXPECT_EQ(v2->assertions[1].prefix.to_string(), "2001:db8::/32");
  EXPECT_EQ(v2->assertions[1].max_length, 48);
  const auto applied = v2->apply({{*Prefix::parse("192.0.2.128/25"), 25, 1, ""},
                                  {*Prefix::parse("203.0.113.0/24"), 24, 64496, ""},
                                  {*Prefix::parse("198.51.100.0/24"), 24, 64497, ""},
                                  {*Prefix::parse("198.51.100.0/24"), 24, 64498, ""}});
  ASSERT_EQ(applied.size(), 3u) << "one survivor and the two assertions";
  EXPECT_EQ(applied[0].asn, 64498u);
}

TEST(VrpFile, CsvAsValidatorsExportIt) {
  auto file = parse_vrp_file(
      "ASN,IP Prefix,Max Length,Trust Anchor\n"
      "AS13335,1.0.0.0/24,24,apnic\r\n"
      "AS9367,2001:200:136::/48,48,apnic\n",
      "vrps.csv");
  ASSERT_TRUE(file) << file.error();
  EXPECT_STREQ(file->format, "CSV");
  ASSERT_EQ(file->vrps.size(), 2u);
  EXPECT_EQ(file->vrps[1].asn, 9367u);
  EXPECT_EQ(file->vrps[1].ta, "apnic");
}

// Errors say which file, which entry and which field.
TEST(VrpFile, ErrorsNameWhatAndWhere) {
  auto error_of = [](const char* text, const char* name) {
    auto r = parse_vrp_file(text, name);
    EXPECT_FALSE(r) << text;
    return r ? std::string() : r.error();
  };
  EXPECT_EQ(error_of(R"({"roas": [{"asn": 1, "prefix": "1.0.0.0/24", "maxLength": 24},
                                  {"asn": 1, "prefix": "1.0.0.0/24", "maxLength": 33}]})",
                     "v.json"),
            "v.json: roas[1]: maxLength: 33 is outside 24..32 for 1.0.0.0/24");
  EXPECT_EQ(error_of(R"([{"asn": "ASX", "prefix": "1.0.0.0/24"}])", "v.json"),
            "v.json: [0]: asn: \"ASX\" is not an AS number");
  EXPECT_EQ(error_of(R"([{"asn": 1, "prefix": "1.0.0.0/40"}])", "v.json"),
            "v.json: [0]: prefix: '1.0.0.0/40' is not a prefix");
  EXPECT_NE(error_of(R"({"roas": [{"asn": 1,)", "v.json").find("v.json: not valid JSON"),
            std::string::npos);
  EXPECT_EQ(error_of(R"({"vrps": []})", "v.json"),
            "v.json: neither a VRP array nor an object with a \"roas\" array");
  EXPECT_EQ(error_of("ASN,IP Prefix,Max Length\nAS1,1.0.0.0/24,24\nAS1,1.0.0.0/24\n", "v.csv"),
            "v.csv:3: expected ASN,IP Prefix,Max Length[,Trust Anchor]");
  EXPECT_EQ(error_of("AS1,1.0.0.0/24,x\n", "v.csv"), "v.csv:1: maxLength: 'x' is not a number");
  EXPECT_FALSE(load_vrp_file("/nonexistent/vrps.json"));

  auto slurm = parse_slurm(
      R"({"slurmVersion": 1, "validationOutputFilters": {"prefixFilters": [{"comment": "x"}]}})",
      "s.json");
  ASSERT_FALSE(slurm);
  EXPECT_EQ(slurm.error(),
            "s.json: validationOutputFilters.prefixFilters[0]: needs a prefix, an asn or both");
  EXPECT_FALSE(parse_slurm(R"({"slurmVersion": 3})", "s.json"));
}

}  // namespace bgpsentry
