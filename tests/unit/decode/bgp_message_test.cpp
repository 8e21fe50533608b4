// Synthetic UPDATE messages for cases the real files may not hold; the real files are
// covered by mrt_reader_test and history_store_test.
#include "agent/decode/bgp_message.h"

#include <gtest/gtest.h>

#include "tests/support/wire_bytes.h"

namespace bgpsentry {
namespace {

using namespace test;  // NOLINT: the byte builders

const UpdateEnvelope kEnvelope{1203878877000000, "test", *IpAddress::parse("149.20.65.198"), 1280};

}  // namespace

TEST(BgpMessage, AnnouncementAndWithdrawalIpv4) {
  const Bytes attrs = cat({attr(0x40, 1, {0}), attr(0x40, 2, as_path4({1280, 3491, 17557})),
                           attr(0x40, 3, {149, 20, 65, 198}), attr(0xC0, 8, {0x0D, 0xA3, 0, 1})});
  const Bytes nlri = {24, 208, 65, 153, 22, 208, 65, 152};
  const Bytes withdrawn = {16, 10, 1};
  std::vector<Update> out;
  auto type = decode_bgp_message(message(withdrawn, attrs, nlri), {}, kEnvelope, out);
  ASSERT_TRUE(type) << type.error();
  EXPECT_EQ(*type, BgpMessageType::kUpdate);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].kind, UpdateKind::kWithdraw);
  EXPECT_EQ(out[0].prefix.to_string(), "10.1.0.0/16");
  EXPECT_EQ(out[1].kind, UpdateKind::kAnnounce);
  EXPECT_EQ(out[1].prefix.to_string(), "208.65.153.0/24");
  EXPECT_EQ(out[2].prefix.to_string(), "208.65.152.0/22");
  EXPECT_EQ(out[1].origins(), std::vector<uint32_t>{17557});
  EXPECT_EQ(out[1].attrs->next_hop->to_string(), "149.20.65.198");
  EXPECT_EQ(out[1].attrs->communities, std::vector<uint32_t>{(3491u << 16) | 1});
  EXPECT_EQ(out[1].attrs, out[2].attrs) << "attributes are shared, not copied per prefix";
  EXPECT_EQ(out[1].peer_asn, 1280u);
  EXPECT_EQ(out[1].time_us, kEnvelope.time_us);
}

TEST(BgpMessage, MpReachIpv6WithLinkLocalNextHop) {
  Bytes mp;
  u16(mp, 2);
  mp.push_back(1);
  mp.push_back(32);
  Bytes global = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  Bytes local = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  mp.insert(mp.end(), global.begin(), global.end());
  mp.insert(mp.end(), local.begin(), local.end());
  mp.push_back(0);
  mp.insert(mp.end(), {48, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01});
  Bytes unreach;
  u16(unreach, 2);
  unreach.push_back(1);
  unreach.insert(unreach.end(), {32, 0x20, 0x01, 0x0d, 0xb9});
  const Bytes attrs =
      cat({attr(0x40, 2, as_path4({65001, 65002})), attr(0x80, 14, mp), attr(0x80, 15, unreach)});
  std::vector<Update> out;
  auto type = decode_bgp_message(message({}, attrs, {}), {}, kEnvelope, out);
  ASSERT_TRUE(type) << type.error();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, UpdateKind::kWithdraw);
  EXPECT_EQ(out[0].prefix.to_string(), "2001:db9::/32");
  EXPECT_EQ(out[1].prefix.to_string(), "2001:db8:1::/48");
  EXPECT_EQ(out[1].attrs->next_hop->to_string(), "2001:db8::1");
}

TEST(BgpMessage, TwoByteAsPathWithAs4PathIsReconciled) {
  // RFC 6793 4.2.3: AS_PATH "1280 23456 23456" + AS4_PATH "196613 4200000001" →
  // "1280 196613 4200000001".
  const Bytes attrs = cat({attr(0x40, 2, as_path2({1280, 23456, 23456})),
                           attr(0xC0, 17, as_path4({196613, 4200000001u}))});
  std::vector<Update> out;
  BgpDecodeOptions options;
  options.four_byte_asn = false;
  auto type = decode_bgp_message(message({}, attrs, {8, 10}), options, kEnvelope, out);
  ASSERT_TRUE(type) << type.error();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].attrs->as_path.to_string(), "1280 196613 4200000001");
  EXPECT_EQ(out[0].origins(), std::vector<uint32_t>{4200000001u});
}

TEST(BgpMessage, AddPathIdentifiers) {
  const Bytes attrs = attr(0x40, 2, as_path4({65001}));
  Bytes nlri;
  u32(nlri, 7);
  nlri.insert(nlri.end(), {24, 192, 0, 2});
  std::vector<Update> out;
  BgpDecodeOptions options;
  options.add_path = true;
  ASSERT_TRUE(decode_bgp_message(message({}, attrs, nlri), options, kEnvelope, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].path_id, 7u);
  EXPECT_EQ(out[0].prefix.to_string(), "192.0.2.0/24");
}

TEST(BgpMessage, MalformedInputIsAnErrorNotACrash) {
  const Bytes good = message({}, attr(0x40, 2, as_path4({65001})), {24, 192, 0, 2});
  std::vector<Update> out;
  // Every truncation of a good message is rejected or decoded, never read past the end.
  for (size_t n = 0; n < good.size(); ++n) {
    Bytes cut(good.begin(), good.begin() + static_cast<long>(n));
    (void)decode_bgp_message(cut, {}, kEnvelope, out);
  }
  out.clear();
  // NLRI prefix length 33 for IPv4.
  auto bad_len = decode_bgp_message(message({}, attr(0x40, 2, as_path4({1})), {33, 1, 2, 3, 4, 5}),
                                    {}, kEnvelope, out);
  ASSERT_FALSE(bad_len);
  EXPECT_NE(bad_len.error().find("prefix length 33"), std::string::npos) << bad_len.error();
  EXPECT_NE(bad_len.error().find("at byte"), std::string::npos) << bad_len.error();
  // Attribute length beyond the attributes.
  Bytes overlong = attr(0x40, 2, as_path4({1}));
  overlong[2] = 200;
  auto bad_attr = decode_bgp_message(message({}, overlong, {}), {}, kEnvelope, out);
  ASSERT_FALSE(bad_attr);
  EXPECT_NE(bad_attr.error().find("exceeds"), std::string::npos) << bad_attr.error();
  // Unknown AS_PATH segment type.
  auto bad_seg =
      decode_bgp_message(message({}, attr(0x40, 2, as_path4({1}, 9)), {8, 10}), {}, kEnvelope, out);
  ASSERT_FALSE(bad_seg);
  EXPECT_TRUE(out.empty()) << "a failed message adds no partial updates";
  // Bad marker.
  Bytes marker = good;
  marker[3] = 0;
  EXPECT_FALSE(decode_bgp_message(marker, {}, kEnvelope, out));
}

TEST(BgpMessage, UpdateCutShortByItsContainerIsSalvagedWithAWarning) {
  // As RouteViews' 2008 MRT writer did: a 4092-byte UPDATE stored in 4080 bytes.
  Bytes nlri;
  for (int i = 0; i < 10; ++i) nlri.insert(nlri.end(), {24, 10, 0, static_cast<uint8_t>(i)});
  Bytes m = message({}, attr(0x40, 2, as_path4({65001})), nlri);
  m.resize(m.size() - 2);  // the last /24 loses two of its four bytes
  std::vector<Update> out;
  DecodeWarnings warnings;
  auto type = decode_bgp_message(m, {}, kEnvelope, out, &warnings);
  ASSERT_TRUE(type) << type.error();
  EXPECT_EQ(out.size(), 9u) << "the routes present are kept, the cut one dropped";
  ASSERT_EQ(warnings.items.size(), 2u);
  EXPECT_NE(warnings.items[0].find("its container holds"), std::string::npos) << warnings.items[0];
  EXPECT_NE(warnings.items[1].find("cut short"), std::string::npos) << warnings.items[1];

  // A cut inside the withdrawn routes: the whole withdrawals present are kept.
  Bytes withdrawn;
  for (int i = 0; i < 6; ++i) withdrawn.insert(withdrawn.end(), {16, 10, static_cast<uint8_t>(i)});
  Bytes w = message(withdrawn, {}, {});
  w.resize(w.size() - 2 - 1);  // drops the attributes length and one byte of the last /16
  out.clear();
  warnings.items.clear();
  ASSERT_TRUE(decode_bgp_message(w, {}, kEnvelope, out, &warnings));
  ASSERT_EQ(out.size(), 5u);
  for (const auto& u : out) EXPECT_EQ(u.kind, UpdateKind::kWithdraw);
  EXPECT_EQ(out.back().prefix.to_string(), "10.4.0.0/16");
  EXPECT_EQ(warnings.items.size(), 2u);

  // Attributes are never salvaged from a cut: the message is refused.
  Bytes attrs_cut = message({}, attr(0x40, 2, as_path4({65001, 65002, 65003})), {});
  attrs_cut.resize(attrs_cut.size() - 3);
  out.clear();
  EXPECT_FALSE(decode_bgp_message(attrs_cut, {}, kEnvelope, out));
  EXPECT_TRUE(out.empty());
  // Nor is any other message type.
  Bytes open(16, 0xFF);
  open.insert(open.end(), {0, 40, 1, 4});
  EXPECT_FALSE(decode_bgp_message(open, {}, kEnvelope, out));
}

TEST(BgpMessage, MalformedOptionalAttributeIsAWarning) {
  // RFC 7606: a broken COMMUNITIES attribute is discarded, the route is kept.
  const Bytes attrs = cat({attr(0x40, 2, as_path4({65001})), attr(0xC0, 8, {1, 2, 3})});
  std::vector<Update> out;
  DecodeWarnings warnings;
  ASSERT_TRUE(
      decode_bgp_message(message({}, attrs, {24, 192, 0, 2}), {}, kEnvelope, out, &warnings));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].attrs->communities.empty());
  ASSERT_EQ(warnings.items.size(), 1u);
  EXPECT_NE(warnings.items[0].find("COMMUNITIES"), std::string::npos);
}

}  // namespace bgpsentry

namespace bgpsentry {

TEST(BgpMessage, EveryAttributeIsKeptAndUnknownOnesTravelRaw) {
  using namespace test;  // NOLINT
  const Bytes attrs = cat(
      {attr(0x40, 1, {0}), attr(0x40, 2, as_path4({65001, 65002})), attr(0x40, 3, {10, 0, 0, 1}),
       attr(0x80, 9, {192, 0, 2, 9}), attr(0x80, 10, {192, 0, 2, 10, 192, 0, 2, 11}),
       attr(0xC0, 16, {0x00, 0x02, 0xFD, 0xE8, 0, 0, 0, 100}), attr(0xC0, 35, {0, 0, 0xFD, 0xE9}),
       attr(0xC0, 99, {1, 2, 3}), attr(0x40, 1, {2})});
  std::vector<Update> out;
  DecodeWarnings warnings;
  auto type =
      decode_bgp_message(message({}, attrs, {24, 198, 51, 100}), {}, kEnvelope, out, &warnings);
  ASSERT_TRUE(type) << type.error();
  ASSERT_EQ(out.size(), 1u);
  const RouteAttributes& a = *out[0].attrs;
  EXPECT_EQ(a.originator_id, 0xC0000209u);
  EXPECT_EQ(a.cluster_list, (std::vector<uint32_t>{0xC000020A, 0xC000020B}));
  EXPECT_EQ(a.extended_communities, std::vector<uint64_t>{0x0002FDE800000064ull});
  EXPECT_EQ(a.only_to_customer, 65001u);
  ASSERT_EQ(a.unknown.size(), 1u);
  EXPECT_EQ(a.unknown[0].type, 99);
  EXPECT_EQ(a.unknown[0].flags, 0xC0);
  EXPECT_EQ(a.unknown[0].value, (Bytes{1, 2, 3}));
  // RFC 7606 3.g: a repeated attribute is ignored after the first, with a warning.
  EXPECT_EQ(a.origin_type, OriginType::kIgp);
  ASSERT_EQ(warnings.items.size(), 1u);
  EXPECT_NE(warnings.items[0].find("repeated attribute 1"), std::string::npos);
}

TEST(BgpMessage, As4AggregatorReplacesAsTransOnlyOnTwoByteSessions) {
  using namespace test;                                                          // NOLINT
  const Bytes as4_aggregator = attr(0xC0, 18, {0, 3, 0x0D, 0x40, 10, 0, 0, 9});  // 200000
  auto aggregator_of = [&](uint16_t two_byte_asn, const Bytes& path, const Bytes& as4_path) {
    Bytes aggregator_value;
    u16(aggregator_value, two_byte_asn);
    aggregator_value.insert(aggregator_value.end(), {10, 0, 0, 9});
    const Bytes attrs = cat({attr(0x40, 1, {0}), attr(0x40, 2, path),
                             attr(0xC0, 7, aggregator_value), as4_aggregator, as4_path});
    std::vector<Update> out;
    BgpDecodeOptions options;
    options.four_byte_asn = false;
    EXPECT_TRUE(decode_bgp_message(message({}, attrs, {8, 10}), options, kEnvelope, out));
    return out.empty()
               ? std::make_pair(0u, std::string())
               : std::make_pair(out[0].attrs->aggregator->asn, out[0].attrs->as_path.to_string());
  };
  const Bytes as4_path = attr(0xC0, 17, as_path4({200000}));
  EXPECT_EQ(aggregator_of(23456, as_path2({1, 23456}), as4_path),
            std::make_pair(200000u, std::string("1 200000")));
  // A real 2-byte aggregator: an OLD speaker aggregated later; both AS4_* are stale.
  EXPECT_EQ(aggregator_of(64512, as_path2({1, 23456}), as4_path),
            std::make_pair(64512u, std::string("1 23456")));
}

}  // namespace bgpsentry
