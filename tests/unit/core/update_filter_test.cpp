#include "agent/core/update_filter.h"

#include <gtest/gtest.h>

namespace bgpsentry {
namespace {

Update announce(const std::string& prefix, std::vector<uint32_t> path, uint32_t peer_asn = 1,
                int64_t seconds = 1000) {
  Update u;
  u.kind = UpdateKind::kAnnounce;
  u.prefix = *Prefix::parse(prefix);
  u.peer_asn = peer_asn;
  u.time_us = seconds * 1000000;
  auto a = std::make_shared<RouteAttributes>();
  a->as_path = AsPath::sequence(std::move(path));
  u.attrs = a;
  return u;
}

}  // namespace

TEST(UpdateFilter, PrefixMoreAndLessSpecific) {
  UpdateFilter f;
  f.prefixes = {*Prefix::parse("208.65.152.0/22")};
  EXPECT_TRUE(f.matches(announce("208.65.152.0/22", {3491, 36561})));
  EXPECT_FALSE(f.matches(announce("208.65.153.0/24", {3491, 17557})));
  EXPECT_FALSE(f.matches(announce("208.65.0.0/16", {3491, 1})));
  f.more_specific = true;
  EXPECT_TRUE(f.matches(announce("208.65.153.0/24", {3491, 17557})));
  EXPECT_FALSE(f.matches(announce("208.65.0.0/16", {3491, 1})));
  f.less_specific = true;
  EXPECT_TRUE(f.matches(announce("208.65.0.0/16", {3491, 1})));
  EXPECT_FALSE(f.matches(announce("10.0.0.0/8", {3491, 1})));
}

TEST(UpdateFilter, OriginPeerTypeAndTime) {
  UpdateFilter f;
  f.origins = {17557};
  EXPECT_TRUE(f.matches(announce("208.65.153.0/24", {3491, 17557})));
  EXPECT_FALSE(f.matches(announce("208.65.152.0/22", {3491, 36561})));
  f = {};
  f.peer_asns = {7018};
  EXPECT_TRUE(f.matches(announce("1.0.0.0/8", {7018, 1}, 7018)));
  EXPECT_FALSE(f.matches(announce("1.0.0.0/8", {3491, 1}, 3491)));
  f = {};
  f.kinds = *parse_update_kinds("w");
  EXPECT_FALSE(f.matches(announce("1.0.0.0/8", {1})));
  EXPECT_FALSE(parse_update_kinds("x"));
  EXPECT_EQ(parse_update_kinds("aws")->size(), 4u);  // a = announcements and RIB entries
  f = {};
  f.from_s = 1000;
  f.to_s = 2000;
  EXPECT_TRUE(f.matches(announce("1.0.0.0/8", {1}, 1, 1000)));
  EXPECT_TRUE(f.matches(announce("1.0.0.0/8", {1}, 1, 2000)));
  EXPECT_FALSE(f.matches(announce("1.0.0.0/8", {1}, 1, 2001)));
  EXPECT_TRUE(f.excludes_time(999));
}

}  // namespace bgpsentry
