// RIB records (TABLE_DUMP, TABLE_DUMP_V2), deprecated type 5 records and writer quirks:
// real archives first, synthetic records for the variants the archives lack.
#include <gtest/gtest.h>

#include "agent/decode/mrt_record.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "tests/support/wire_bytes.h"
#include "tests/test_env.h"

namespace bgpsentry {
namespace {

using namespace test;  // NOLINT: the byte builders

struct FileRead {
  std::vector<Update> updates;
  FileReadStats stats;
  std::vector<std::string> errors, notes;
};

FileRead read_stream(std::unique_ptr<ByteStream> stream, const std::string& name) {
  FileRead r;
  MrtFileReader reader(
      std::move(stream), name, "test", [&](const std::string& e) { r.errors.push_back(e); },
      [&](const std::string& n) { r.notes.push_back(n); });
  while (reader.next(r.updates)) {
  }
  r.stats = reader.stats();
  return r;
}

FileRead read_mrt(const std::string& relative) {
  auto stream = open_byte_stream(shared_data("mrt/" + relative));
  EXPECT_TRUE(stream) << stream.error();
  return read_stream(std::move(*stream), relative);
}

FileRead read_bytes(const Bytes& bytes) {
  return read_stream(memory_byte_stream(bytes.data(), bytes.size()), "synthetic");
}

size_t count(const FileRead& r, UpdateKind kind) {
  return static_cast<size_t>(std::count_if(r.updates.begin(), r.updates.end(),
                                           [&](const Update& u) { return u.kind == kind; }));
}

}  // namespace

TEST(MrtRecords, BatchedZebraTableDumpIsReadWhole) {
  BGPSENTRY_NEEDS_TEST_DATA();
  // 2,490 records declaring 4 bytes fewer than written, many entries each: 452,018
  // entries when walked by hand (see mrt_dump_test).
  const auto r = read_mrt("historical-ris/rrc00/2000.01/bview.20000111.0032.gz");
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.stats.records, 2490u);
  ASSERT_EQ(count(r, UpdateKind::kRibEntry), 452018u);
  const Update& first = r.updates.front();
  EXPECT_EQ(first.prefix.to_string(), "3.0.0.0/8");
  EXPECT_EQ(first.peer_ip.to_string(), "204.152.166.29");
  EXPECT_EQ(first.peer_asn, 3549u);
  EXPECT_EQ(first.attrs->as_path.to_string(), "3549 701 80");
}

TEST(MrtRecords, TableDumpV2AddPathRibEntries) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto r = read_mrt("bgpdump-tests/bview.ipv6_unicast_add_path.gz");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(count(r, UpdateKind::kRibEntry), 62u);  // bgpdump -m prints 62 lines
  for (const auto& u : r.updates) {
    EXPECT_EQ(u.prefix.afi(), Afi::kIpv6);
    ASSERT_TRUE(u.attrs);
    // This lab dump carries no MP_REACH (ORIGIN, AS_PATH, LOCAL_PREF): no next hop.
    EXPECT_FALSE(u.attrs->next_hop);
  }
  const Update& first = r.updates.front();  // bgpdump: ...|2001:db8:28::/48|59|65017 ...
  EXPECT_EQ(first.prefix.to_string(), "2001:db8:28::/48");
  EXPECT_EQ(first.path_id, 59u);
  EXPECT_EQ(first.peer_ip.to_string(), "2001:db8:16::2");
  EXPECT_EQ(first.attrs->local_pref, 100u);
}

TEST(MrtRecords, DeprecatedType5RecordsDecodeWithoutErrors) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto r = read_mrt("historical-ris/rrc00/1999.12/updates.19991214.1621.gz");
  EXPECT_TRUE(r.errors.empty());
  // bgpdump -m prints 55,516 lines for it; this file has 27 state changes.
  EXPECT_EQ(r.updates.size(), 55516u);
  EXPECT_EQ(count(r, UpdateKind::kPeerState), 27u);
}

TEST(MrtRecords, ZebraShortStateChangesAndOpensAreNotErrors) {
  BGPSENTRY_NEEDS_TEST_DATA();
  const auto r = read_mrt("historical-ris/rrc01/2000.11/updates.20001104.0124.gz");
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_GT(count(r, UpdateKind::kPeerState), 40u);
}

TEST(MrtRecords, SyntheticTableDumpV2Variants) {
  // PEER_INDEX_TABLE: an IPv4 peer with a 2-byte AS, an IPv6 peer with a 4-byte AS.
  Bytes peers = {192, 0, 2, 1};
  u16(peers, 0);  // no view name
  u16(peers, 2);
  peers.push_back(0);
  peers.insert(peers.end(), {1, 1, 1, 1, 198, 51, 100, 1});
  u16(peers, 64500);
  peers.push_back(3);
  peers.insert(peers.end(), {2, 2, 2, 2});
  const Bytes v6_peer = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  peers.insert(peers.end(), v6_peer.begin(), v6_peer.end());
  u32(peers, 4200000000u);

  // RIB_IPV6_UNICAST 2001:db8::/32 from peer 1, MP_REACH abbreviated with a link-local.
  Bytes mp_reach = {32};
  mp_reach.insert(mp_reach.end(), v6_peer.begin(), v6_peer.end());
  mp_reach.insert(mp_reach.end(), {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
  const Bytes attrs = cat({attr(0x40, 1, {0}), attr(0x40, 2, as_path4({4200000000u, 64496})),
                           attr(0x80, 14, mp_reach)});
  Bytes rib;
  u32(rib, 7);  // sequence
  rib.insert(rib.end(), {32, 0x20, 0x01, 0x0d, 0xb8});
  u16(rib, 1);  // one entry
  u16(rib, 1);  // peer index
  u32(rib, 1700000000);
  u16(rib, static_cast<uint16_t>(attrs.size()));
  rib.insert(rib.end(), attrs.begin(), attrs.end());

  // RIB_GENERIC: IPv4 multicast 232.1.0.0/16 from peer 0 (a 4-byte AS_PATH, as always).
  const Bytes attrs4 =
      cat({attr(0x40, 1, {2}), attr(0x40, 2, as_path4({64500})), attr(0x40, 3, {198, 51, 100, 1})});
  Bytes generic;
  u32(generic, 8);
  u16(generic, 1);
  generic.push_back(2);
  generic.insert(generic.end(), {16, 232, 1});
  u16(generic, 1);
  u16(generic, 0);
  u32(generic, 1700000000);
  u16(generic, static_cast<uint16_t>(attrs4.size()));
  generic.insert(generic.end(), attrs4.begin(), attrs4.end());

  Bytes bad_peer = rib;
  bad_peer[4 + 1 + 4 + 2 + 1] = 9;  // peer index 9 of 2

  const Bytes file =
      cat({mrt_record(1700000001, 13, 4, rib),  // before any peer index
           mrt_record(1700000001, 13, 1, peers), mrt_record(1700000001, 13, 4, rib),
           mrt_record(1700000001, 13, 6, generic), mrt_record(1700000001, 13, 4, bad_peer),
           mrt_record(1700000001, 13, 7, {0, 0, 0, 0})});
  const auto r = read_bytes(file);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_NE(r.errors[0].find("RIB record before any PEER_INDEX_TABLE"), std::string::npos);
  EXPECT_NE(r.errors[1].find("names peer 9 of 2"), std::string::npos);
  ASSERT_EQ(r.updates.size(), 2u);
  const Update& v6 = r.updates[0];
  EXPECT_EQ(v6.kind, UpdateKind::kRibEntry);
  EXPECT_EQ(v6.prefix.to_string(), "2001:db8::/32");
  EXPECT_EQ(v6.peer_ip.to_string(), "2001:db8::1");
  EXPECT_EQ(v6.peer_asn, 4200000000u);
  EXPECT_EQ(v6.attrs->next_hop->to_string(), "2001:db8::1");
  EXPECT_EQ(v6.attrs->next_hop_link_local->to_string(), "fe80::2");
  EXPECT_EQ(v6.origins(), std::vector<uint32_t>{64496});
  const Update& mc = r.updates[1];
  EXPECT_EQ(mc.prefix.to_string(), "232.1.0.0/16");
  EXPECT_EQ(mc.safi, Safi::kMulticast);
  EXPECT_EQ(mc.peer_asn, 64500u);
  EXPECT_EQ(mc.attrs->origin_type, OriginType::kIncomplete);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes.back().find("GEO_PEER_TABLE"), std::string::npos);
}

}  // namespace bgpsentry
