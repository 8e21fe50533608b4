#include "agent/core/prefix_trie.h"

#include <gtest/gtest.h>

#include <set>

namespace bgpsentry {
namespace {
Prefix P(const char* s) {
  return *Prefix::parse(s);
}
}  // namespace

TEST(PrefixTrie, ExactCoveringAndMoreSpecific) {
  PrefixTrie<int> trie;
  trie.insert(P("0.0.0.0/0"), 0);
  trie.insert(P("208.65.152.0/22"), 22);
  trie.insert(P("208.65.153.0/24"), 24);
  trie.insert(P("208.65.156.0/22"), 99);
  trie.insert(P("2001:db8::/32"), 32);
  EXPECT_EQ(trie.size(), 5u);

  ASSERT_NE(trie.find(P("208.65.152.0/22")), nullptr);
  EXPECT_EQ(*trie.find(P("208.65.152.0/22")), 22);
  EXPECT_EQ(trie.find(P("208.65.152.0/23")), nullptr);

  std::vector<int> covering;
  trie.for_each_covering(P("208.65.153.128/25"),
                         [&](const Prefix&, int v) { covering.push_back(v); });
  EXPECT_EQ(covering, (std::vector<int>{0, 22, 24}));

  auto best = trie.longest_match(P("208.65.154.0/24"));
  ASSERT_TRUE(best);
  EXPECT_EQ(best->first, P("208.65.152.0/22"));

  std::set<int> more;
  trie.for_each_more_specific(P("208.65.152.0/21"), [&](const Prefix&, int v) { more.insert(v); });
  EXPECT_EQ(more, (std::set<int>{22, 24, 99}));

  // IPv6 lives in its own tree: the IPv4 default route does not cover it.
  covering.clear();
  trie.for_each_covering(P("2001:db8:1::/48"),
                         [&](const Prefix&, int v) { covering.push_back(v); });
  EXPECT_EQ(covering, std::vector<int>{32});

  EXPECT_TRUE(trie.erase(P("208.65.153.0/24")));
  EXPECT_FALSE(trie.erase(P("208.65.153.0/24")));
  EXPECT_EQ(trie.longest_match(P("208.65.153.0/24"))->first, P("208.65.152.0/22"));
  EXPECT_EQ(trie.size(), 4u);
}

}  // namespace bgpsentry

namespace bgpsentry {

TEST(PrefixTrie, OverlapsCoveringEqualAndMoreSpecific) {
  PrefixTrie<int> trie;
  trie.insert(P("208.65.152.0/22"), 1);
  trie.insert(P("10.1.0.0/16"), 2);
  EXPECT_TRUE(trie.overlaps(P("208.65.153.0/24"))) << "covered";
  EXPECT_TRUE(trie.overlaps(P("208.65.152.0/22"))) << "equal";
  EXPECT_TRUE(trie.overlaps(P("208.0.0.0/8"))) << "covers a stored prefix";
  EXPECT_FALSE(trie.overlaps(P("208.65.156.0/22")));
  EXPECT_FALSE(trie.overlaps(P("10.2.0.0/16")));
  EXPECT_FALSE(trie.overlaps(P("2001:db8::/32")));
  trie.erase(P("10.1.0.0/16"));
  EXPECT_FALSE(trie.overlaps(P("10.0.0.0/8"))) << "an erased prefix leaves no overlap";
}

}  // namespace bgpsentry
