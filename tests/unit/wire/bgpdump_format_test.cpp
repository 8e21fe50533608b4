// bgpdump's line format in the cases the shared files do not reach; the files themselves
// are compared with bgpdump byte for byte in mrt_dump_test.
#include "agent/wire/bgpdump_format.h"

#include <gtest/gtest.h>

namespace bgpsentry {
namespace {

std::string announce_line(const std::string& peer, const std::string& prefix,
                          std::shared_ptr<RouteAttributes> attrs, uint16_t type = kMrtBgp4mp,
                          wire::BgpdumpStyle style = wire::BgpdumpStyle::kMachine) {
  Update u;
  u.time_us = 1203878877123456;
  u.peer_ip = *IpAddress::parse(peer);
  u.peer_asn = 64500;
  u.prefix = *Prefix::parse(prefix);
  u.attrs = std::move(attrs);
  std::string out;
  const MrtHeader header{1203878877, type, 4, 0};
  wire::append_bgpdump_lines(header, std::span<const Update>(&u, 1), style, out);
  return out;
}

std::shared_ptr<RouteAttributes> attrs() {
  auto a = std::make_shared<RouteAttributes>();
  a->origin_type = OriginType::kIgp;
  a->as_path = AsPath::sequence({64500, 64501});
  return a;
}

}  // namespace

TEST(BgpdumpFormat, Ipv6TextFollowsBgpdump) {
  auto a = attrs();
  a->next_hop = IpAddress::parse("::ffff:192.0.2.1");
  // One zero group is compressed (bgpdump does; RFC 5952 would not), the first longest run
  // wins, and mapped addresses are dotted.
  EXPECT_EQ(announce_line("2001:7f8:30:0:2:1:0:8447", "2001:db8:0:1::/64", a),
            "BGP4MP|1203878877|A|2001:7f8:30::2:1:0:8447|64500|2001:db8:0:1::/64|64500 "
            "64501|IGP|::ffff:192.0.2.1|0|0||NAG||\n");
  a->next_hop = IpAddress::parse("::");
  EXPECT_EQ(announce_line("::1", "::/0", a),
            "BGP4MP|1203878877|A|::1|64500|::/0|64500 64501|IGP|::|0|0||NAG||\n");
  a->next_hop = IpAddress::parse("::192.0.2.7");
  EXPECT_EQ(announce_line("fe80::", "2001:db8::/32", a),
            "BGP4MP|1203878877|A|fe80::|64500|2001:db8::/32|64500 64501|IGP|::192.0.2.7|0|0||NAG||"
            "\n");
}

TEST(BgpdumpFormat, AttributesAndAbsentOnes) {
  auto a = attrs();
  a->origin_type = OriginType::kAbsent;  // bgpdump's word for it is INCOMPLETE
  a->communities = {0xFFFFFF01, 0xFFFFFF02, 0xFFFFFF03, (3356u << 16) | 2};
  a->atomic_aggregate = true;
  a->aggregator = Aggregator{4200000000u, *IpAddress::parse("192.0.2.9")};
  a->local_pref = 200;
  a->med = 4294967295u;
  EXPECT_EQ(announce_line("192.0.2.1", "10.0.0.0/8", a),
            "BGP4MP|1203878877|A|192.0.2.1|64500|10.0.0.0/8|64500 64501|INCOMPLETE|"
            "255.255.255.255|200|4294967295|no-export no-advertise local-AS 3356:2|AG|"
            "4200000000 192.0.2.9|\n");
}

TEST(BgpdumpFormat, ExtendedHeaderMicrosecondsAndHumanTime) {
  auto a = attrs();
  a->next_hop = IpAddress::parse("192.0.2.1");
  EXPECT_EQ(announce_line("192.0.2.1", "10.0.0.0/8", a, kMrtBgp4mpEt),
            "BGP4MP_ET|1203878877.123456|A|192.0.2.1|64500|10.0.0.0/8|64500 64501|IGP|192.0.2.1|"
            "0|0||NAG||\n");
  EXPECT_EQ(announce_line("192.0.2.1", "10.0.0.0/8", a, kMrtBgp4mpEt, wire::BgpdumpStyle::kHuman),
            "BGP4MP_ET|02/24/08 18:47:57.123456|A|192.0.2.1|64500|10.0.0.0/8|64500 64501|IGP\n");
}

}  // namespace bgpsentry
