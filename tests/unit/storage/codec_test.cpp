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

}  // namespace
}  // namespace bgpsentry::codec
