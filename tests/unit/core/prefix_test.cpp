#include "agent/core/prefix.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

namespace bgpsentry {

TEST(Prefix, ParsesAndPrintsIpv4AndIpv6) {
  auto p = Prefix::parse("208.65.152.0/22");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to_string(), "208.65.152.0/22");
  EXPECT_EQ(p->afi(), Afi::kIpv4);
  auto q = Prefix::parse("2001:DB8:0:0::/32");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->to_string(), "2001:db8::/32");
  EXPECT_EQ(q->afi(), Afi::kIpv6);
}

// IPv4 text is parsed without inet_pton: it must accept and refuse exactly what inet_pton does.
TEST(IpAddress, ParsesIpv4AsInetPtonDoes) {
  auto agrees = [](const std::string& text) {
    uint8_t expected[4];
    const bool valid = inet_pton(AF_INET, text.c_str(), expected) == 1;
    auto got = IpAddress::parse(text);
    if (valid != got.has_value()) return false;
    return !valid || (got->afi == Afi::kIpv4 && std::memcmp(got->bytes.data(), expected, 4) == 0);
  };
  for (const char* text : {"0.0.0.0",   "255.255.255.255", "192.0.2.1", "1.2.3.4",    "256.1.1.1",
                           "1.2.3.256", "01.2.3.4",        "1.2.3.04",  "1.2.3",      "1.2.3.4.",
                           ".1.2.3.4",  "1..2.3",          "1.2.3.4.5", "1234.1.1.1", "1.2.3.4 ",
                           " 1.2.3.4",  "1.2.3.-4",        "1.2.3.a",   "",           ".",
                           "0",         "1.2.3.0000",      "00.0.0.0",  "999.9.9.9"})
    EXPECT_TRUE(agrees(text)) << "'" << text << "'";
  std::mt19937 rng(6396);
  const std::string alphabet = "0123456789..0125x/ ";
  for (int i = 0; i < 200000; ++i) {
    std::string text(1 + rng() % 16, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    ASSERT_TRUE(agrees(text)) << "'" << text << "'";
  }
  // Text with a NUL inside: inet_pton stops there, we refuse it.
  EXPECT_FALSE(IpAddress::parse(std::string_view("1.2.3.4\0", 8)));
}

TEST(Prefix, MasksHostBits) {
  // The case of bgpdump-tests/updates.nlri_mask_trailing_bits.gz.
  EXPECT_EQ(Prefix::parse("11.13.0.0/13")->to_string(), "11.8.0.0/13");
  EXPECT_EQ(Prefix::parse("2001:db8::1/64")->to_string(), "2001:db8::/64");
  EXPECT_EQ(Prefix::parse("10.1.2.3/0")->to_string(), "0.0.0.0/0");
  EXPECT_EQ(Prefix::parse("10.1.2.3/32")->to_string(), "10.1.2.3/32");
}

TEST(Prefix, RejectsMalformedText) {
  for (const char* bad :
       {"", "10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "x/8", "10.0.0.0/8x", "10.0.0.0/",
        "::/129", "1.2.3.4.5/8", "10.0.0.0/08000000000000000000"})
    EXPECT_FALSE(Prefix::parse(bad)) << bad;
}

TEST(Prefix, Contains) {
  const auto p22 = *Prefix::parse("208.65.152.0/22");
  EXPECT_TRUE(p22.contains(*Prefix::parse("208.65.153.0/24")));
  EXPECT_TRUE(p22.contains(p22));
  EXPECT_FALSE(p22.contains(*Prefix::parse("208.65.156.0/24")));
  EXPECT_FALSE(p22.contains(*Prefix::parse("208.65.0.0/16")));
  EXPECT_FALSE(p22.contains(*Prefix::parse("::/0")));
  EXPECT_TRUE(Prefix::parse("::/0")->contains(*Prefix::parse("2001:db8::/32")));
  EXPECT_TRUE(p22.contains(*IpAddress::parse("208.65.155.255")));
  EXPECT_FALSE(p22.contains(*IpAddress::parse("208.65.156.0")));
}

TEST(Prefix, OrdersAndHashesByValue) {
  EXPECT_EQ(*Prefix::parse("10.0.0.0/8"), *Prefix::parse("10.1.0.0/8"));
  EXPECT_NE(*Prefix::parse("10.0.0.0/8"), *Prefix::parse("10.0.0.0/9"));
  EXPECT_EQ(PrefixHash{}(*Prefix::parse("10.0.0.0/8")), PrefixHash{}(*Prefix::parse("10.9.0.0/8")));
}

}  // namespace bgpsentry
