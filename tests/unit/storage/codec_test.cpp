// The store's integer encodings, byte for byte: stores written by earlier versions must read
// the same, and keys must sort as their numbers do.
#include "storage/codec.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "storage/codec_reader.h"

namespace bgpsentry::codec {
namespace {

std::string varint(uint64_t v) {
  std::string out = "x";  // appended to what is there
  put_varint(out, v);
  EXPECT_EQ(out[0], 'x');
  return out.substr(1);
}

TEST(Codec, VarintsAreLittleEndianBase128) {
  EXPECT_EQ(varint(0), std::string(1, '\0'));
  EXPECT_EQ(varint(127), "\x7f");
  EXPECT_EQ(varint(128), "\x80\x01");
  EXPECT_EQ(varint(300), "\xac\x02");
  EXPECT_EQ(varint(UINT64_MAX), std::string(9, '\xff') + "\x01");
  std::mt19937_64 random(7);
  for (int i = 0; i < 10000; ++i) {
    const uint64_t v = random() >> (random() % 64);
    const std::string bytes = varint(v);  // the Reader views it: it must outlive the read
    Reader reader(bytes);
    uint64_t back = 0;
    ASSERT_TRUE(reader.varint(back));
    EXPECT_EQ(back, v);
  }
}

TEST(Codec, BigEndianIntegersPutTheMostSignificantByteFirst) {
  std::string out = "x";
  put_be32(out, 0x01020304u);
  put_be64(out, 0x05060708090a0b0cull);
  EXPECT_EQ(out, "x\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c");
  EXPECT_EQ(get_be32(out.data() + 1), 0x01020304u);
  EXPECT_EQ(get_be64(out.data() + 5), 0x05060708090a0b0cull);
}

TEST(Codec, BigEndianKeysSortAsTheirNumbers) {
  std::mt19937_64 random(11);
  for (int i = 0; i < 10000; ++i) {
    const uint64_t a = random() >> (random() % 64), b = random() >> (random() % 64);
    std::string ka, kb;
    put_be64(ka, a);
    put_be64(kb, b);
    EXPECT_EQ(a < b, ka < kb) << a << " " << b;
    EXPECT_EQ(get_be64(ka.data()), a);
    std::string sa, sb;
    put_be32(sa, static_cast<uint32_t>(a));
    put_be32(sb, static_cast<uint32_t>(b));
    EXPECT_EQ(static_cast<uint32_t>(a) < static_cast<uint32_t>(b), sa < sb);
    EXPECT_EQ(get_be32(sa.data()), static_cast<uint32_t>(a));
  }
}

// Events carry other monitors' reports (format 2); events stored by format 1 still read, as
// bgpsentry's own detections without reports.
TEST(Codec, EventsWithReportsAndFormatOneEvents) {
  Event e;
  e.id = 42;
  e.type = AlertType::kSubprefixHijack;
  e.prefixes = {*Prefix::parse("208.65.153.0/24")};
  e.monitored_prefix = *Prefix::parse("208.65.152.0/22");
  e.offending_asn = 17557;
  e.expected_asns = {36561};
  e.start_us = 1203878877000000;
  e.last_seen_us = e.start_us + 1;
  e.confidence = 9;
  e.tags = {{"more_specific", 1}, {"radar_corroborated", 2}};
  e.subject = "";
  e.detected = false;
  ExternalReport r;
  r.source = "radar";
  r.kind = "hijack";
  r.id = 9010;
  r.type = AlertType::kSubprefixHijack;
  r.prefixes = e.prefixes;
  r.offending_asn = 17557;
  r.expected_asns = {36561};
  r.confidence = 8;
  r.tags = {{"irr_new_origin_invalid", 4}, {"negative", -3}};
  r.peer_asns = {3549, 7018};
  r.peer_count = 45;
  r.leak_segment = {1, 2, 3};
  r.start_us = e.start_us;
  r.last_seen_us = e.start_us + 5;
  r.ongoing = false;
  e.reports = {r};
  Event back;
  ASSERT_TRUE(decode_event(encode_event(e), back));
  EXPECT_EQ(back.id, 42u);
  EXPECT_FALSE(back.detected);
  ASSERT_EQ(back.reports.size(), 1u);
  EXPECT_EQ(back.reports[0], r);
  EXPECT_EQ(back.tags, e.tags);
  EXPECT_EQ(event_sources(back), std::vector<std::string>{"radar"});
  back.detected = true;
  EXPECT_EQ(event_sources(back), (std::vector<std::string>{"bgpsentry", "radar"}));

  // Format 1: the same event without what format 2 appended.
  e.detected = true;
  e.reports.clear();
  std::string v1 = encode_event(e);
  ASSERT_EQ(v1.substr(v1.size() - 3), std::string("\x00\x01\x00", 3));
  v1 = v1.substr(0, v1.size() - 3);
  v1[0] = 1;
  Event old;
  old.detected = false;
  ASSERT_TRUE(decode_event(v1, old));
  EXPECT_TRUE(old.detected);
  EXPECT_TRUE(old.reports.empty());
  EXPECT_EQ(old.offending_asn, 17557u);
  // Cut anywhere, a format 2 value is refused, never half-read.
  e.reports = {r};
  const std::string v2 = encode_event(e);
  for (size_t n = 1; n < v2.size(); ++n) {
    Event cut;
    EXPECT_FALSE(decode_event(v2.substr(0, n), cut)) << n;
  }
}

}  // namespace
}  // namespace bgpsentry::codec
