// CAIDA AS relationships on the real 2016 file, and route leaks found in paths (valley-free,
// RFC 9234 OTC) on the cases RFC 7908 and Cloudflare Radar describe.
#include <gtest/gtest.h>

#include <sstream>

#include "agent/asrel/as_relationships.h"
#include "agent/asrel/route_leak.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

constexpr const char* kAsRel = "as-relationships/20161101.as-rel.txt.bz2";

AsRelationships parse(const char* text) {
  auto r = AsRelationships::parse(text, "test");
  EXPECT_TRUE(r) << r.error();
  return r ? std::move(*r) : AsRelationships{};
}

// 1 is the provider of 10 and 20; 10 and 20 peer; 2 is also 20's provider; 1 and 2 peer.
const char* kSmall =
    "# provider|customer|-1, peer|peer|0\n"
    "1|10|-1\n1|20|-1\n10|20|0\n2|20|-1\n1|2|0\n20|30|-1\n";

AsPath path(std::vector<uint32_t> asns) {
  return AsPath::sequence(std::move(asns));
}

}  // namespace

TEST(AsRelationships, EveryLinkOfTheRealCaidaFile) {
  BGPSENTRY_NEEDS_TEST_DATA();
  auto rel = AsRelationships::load(test::shared_data(kAsRel));
  ASSERT_TRUE(rel) << rel.error();
  // Read the same file independently: bzcat, then each line split by hand.
  const auto text = test::run_command({"/bin/bzcat", test::shared_data(kAsRel)});
  ASSERT_EQ(text.exit_code, 0);
  size_t providers = 0, peers = 0;
  std::istringstream in(text.out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('|'), b = line.find('|', a + 1);
    const uint32_t x = std::stoul(line.substr(0, a)), y = std::stoul(line.substr(a + 1, b - a - 1));
    const std::string r = line.substr(b + 1);
    if (r == "-1") {
      ++providers;
      ASSERT_EQ(rel->relation(x, y), AsRelation::kProvider) << line;
      ASSERT_EQ(rel->relation(y, x), AsRelation::kCustomer) << line;
    } else {
      ++peers;
      ASSERT_EQ(r, "0") << line;
      ASSERT_EQ(rel->relation(x, y), AsRelation::kPeer) << line;
      ASSERT_EQ(rel->relation(y, x), AsRelation::kPeer) << line;
    }
  }
  EXPECT_EQ(providers, 110479u);  // the counts the data README gives
  EXPECT_EQ(peers, 128585u);
  EXPECT_EQ(rel->links(), providers + peers);
  EXPECT_EQ(rel->relation(3356, 3356), AsRelation::kUnknown);
  EXPECT_EQ(rel->relation(64512, 64513), AsRelation::kUnknown);
}

TEST(AsRelationships, SerialTwoSourcesAndSiblings) {
  auto rel = parse("1|2|-1|bgp\n3|4|0|mlp\r\n5|6|1\n");
  EXPECT_EQ(rel.relation(2, 1), AsRelation::kCustomer);
  EXPECT_EQ(rel.relation(4, 3), AsRelation::kPeer);
  EXPECT_EQ(rel.relation(6, 5), AsRelation::kSibling);
}

TEST(AsRelationships, ErrorsNameFileLineAndWhat) {
  for (auto [text, what] : std::vector<std::pair<const char*, const char*>>{
           {"1|2|-1\n1|x|0\n", "f:2: an AS number"},
           {"1|2\n", "f:1: not 3 or 4"},
           {"1|2|-1|bgp|extra\n", "f:1: not 3 or 4"},
           {"1|2|2\n", "f:1: a relationship that is not"},
           {"# c\n\n7|7|0\n", "f:3: an AS related to itself"}}) {
    auto r = AsRelationships::parse(text, "f");
    ASSERT_FALSE(r) << text;
    EXPECT_NE(r.error().find(what), std::string::npos) << r.error();
  }
  auto missing = AsRelationships::load("/nonexistent/as-rel.txt");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("/nonexistent/as-rel.txt"), std::string::npos);
}

// Radar's case: a customer passing its provider's route on to another provider (paths are
// written collector side first, as in BGP: 2 heard it from 20, which heard it from 1).
TEST(RouteLeak, ProviderCustomerProviderIsALeakByTheCustomer) {
  auto rel = parse(kSmall);
  auto leak = find_route_leak(path({2, 20, 1, 99}), std::nullopt, rel);
  ASSERT_TRUE(leak);
  EXPECT_EQ(leak->leaker, 20u);
  EXPECT_EQ(leak->learned_from, 1u);
  EXPECT_EQ(leak->leaked_to, 2u);
  EXPECT_EQ(leak->from_is, AsRelation::kProvider);
  EXPECT_EQ(leak->to_is, AsRelation::kProvider);
  EXPECT_FALSE(leak->by_otc);
}

TEST(RouteLeak, PeerToProviderAndPeerToPeerAreLeaks) {
  auto rel = parse(kSmall);
  auto leak = find_route_leak(path({1, 20, 10}), std::nullopt, rel);  // peer 10 -> 20 -> provider 1
  ASSERT_TRUE(leak);
  EXPECT_EQ(leak->leaker, 20u);
  EXPECT_EQ(leak->from_is, AsRelation::kPeer);
  leak = find_route_leak(path({2, 1, 2}), std::nullopt, rel);  // a loop, still judged by links
  ASSERT_TRUE(leak);
}

TEST(RouteLeak, ValleyFreePathsAndUnknownLinksAreNot) {
  auto rel = parse(kSmall);
  // Up, across once, down: 30 -> 20 -> 1 (provider) -> 2 (peer) -> nobody further.
  EXPECT_FALSE(find_route_leak(path({2, 1, 20, 30}), std::nullopt, rel));
  // Down only: 1 -> 20 -> 30.
  EXPECT_FALSE(find_route_leak(path({30, 20, 1}), std::nullopt, rel));
  // Unknown links never make a leak.
  EXPECT_FALSE(find_route_leak(path({7, 20, 8}), std::nullopt, rel));
  EXPECT_FALSE(find_route_leak(path({1, 20}), std::nullopt, rel));
  // Prepending is not a hop: 20 20 20 between 2 and 1 is still 20 leaking.
  auto leak = find_route_leak(path({2, 20, 20, 20, 1}), std::nullopt, rel);
  ASSERT_TRUE(leak);
  EXPECT_EQ(leak->leaker, 20u);
  // No link is claimed across an AS_SET.
  AsPath with_set(
      {{SegmentType::kSequence, {2}}, {SegmentType::kSet, {20}}, {SegmentType::kSequence, {1}}});
  EXPECT_FALSE(find_route_leak(with_set, std::nullopt, rel));
}

TEST(RouteLeak, TheFirstLeakFromTheOriginIsTheOneReported) {
  // 20 leaks 1's route to 2; 2 passes it (from a customer) to its peer 1: not a leak.
  auto rel = parse(kSmall);
  auto leak = find_route_leak(path({10, 1, 2, 20, 1, 5}), std::nullopt, rel);
  ASSERT_TRUE(leak);
  EXPECT_EQ(leak->leaker, 20u);
  EXPECT_EQ(leak->learned_from, 1u);
}

// RFC 9234: once marked Only-to-Customer (by 1, sending down to 20), 20 may not send it up
// or sideways, though the links alone (customer 30 below 20) would allow it.
TEST(RouteLeak, OnlyToCustomerMarkSentUpOrSideways) {
  auto rel = parse(kSmall);
  // 30 originates; 20 (its provider) hears it from a customer: valley-free to send anywhere.
  EXPECT_FALSE(find_route_leak(path({2, 20, 30}), std::nullopt, rel));
  // ... unless the route came marked: OTC 1 on the path 10 20 1 means 1 marked it going
  // down to 20; 20 then sent it to its peer 10.
  auto leak = find_route_leak(path({10, 20, 1}), 1u, rel);
  ASSERT_TRUE(leak);  // also a valley (provider 1 -> 20 -> peer 10)
  leak = find_route_leak(path({2, 20, 30}), 20u, rel);  // 20 marked it itself: sent down only
  EXPECT_FALSE(leak);
  leak = find_route_leak(path({1, 20, 30, 40}), 30u, rel);  // marked by 30, 20 sends it up
  ASSERT_TRUE(leak);
  EXPECT_TRUE(leak->by_otc);
  EXPECT_EQ(leak->leaker, 20u);
  EXPECT_EQ(leak->leaked_to, 1u);
  EXPECT_EQ(leak->learned_from, 30u);
  // An OTC value not on the path (a route server's) says nothing here.
  EXPECT_FALSE(find_route_leak(path({1, 20, 30}), 64999u, rel));
}

}  // namespace bgpsentry
