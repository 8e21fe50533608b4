// IP addresses and prefixes (IPv4 and IPv6). A Prefix never carries host bits.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace bgpsentry {

enum class Afi : uint8_t { kIpv4 = 4, kIpv6 = 6 };

inline constexpr int max_length(Afi afi) {
  return afi == Afi::kIpv4 ? 32 : 128;
}
inline constexpr int address_size(Afi afi) {
  return afi == Afi::kIpv4 ? 4 : 16;
}

struct IpAddress {
  Afi afi = Afi::kIpv4;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4 bytes; the rest stay zero

  static IpAddress v4(const uint8_t* p);
  static IpAddress v6(const uint8_t* p);
  static std::optional<IpAddress> parse(std::string_view text);

  int size() const { return address_size(afi); }
  bool bit(int i) const { return (bytes[i / 8] >> (7 - i % 8)) & 1; }
  bool is_unspecified() const;
  std::string to_string() const;

  auto operator<=>(const IpAddress&) const = default;
  // Two word compares, not a memcmp call: prefixes are compared in every hash lookup of
  // the engine's tables.
  bool operator==(const IpAddress& o) const {
    uint64_t a[2], b[2];
    std::memcpy(a, bytes.data(), 16);
    std::memcpy(b, o.bytes.data(), 16);
    return afi == o.afi && a[0] == b[0] && a[1] == b[1];
  }
};

class Prefix {
 public:
  Prefix() = default;
  // `length` must be within 0..max_length(address.afi); host bits are cleared.
  Prefix(const IpAddress& address, int length);

  // Accepts "a.b.c.d/len" and "x:y::/len"; host bits are masked, as routers do.
  static std::optional<Prefix> parse(std::string_view text);

  Afi afi() const { return address_.afi; }
  const IpAddress& address() const { return address_; }
  int length() const { return length_; }
  bool contains(const Prefix& other) const;  // other is equal or more specific
  bool contains(const IpAddress& ip) const;
  std::string to_string() const;

  auto operator<=>(const Prefix&) const = default;

 private:
  IpAddress address_;
  uint8_t length_ = 0;
};

struct PrefixHash {
  // Two multiplications over the address words (unused bytes are zero), mixed with length
  // and family: the engine hashes each update's prefix several times (inline for that).
  size_t operator()(const Prefix& p) const noexcept {
    uint64_t w[2];
    std::memcpy(w, p.address().bytes.data(), 16);
    uint64_t h =
        (w[0] ^ (static_cast<uint64_t>(p.length()) << 56 | static_cast<uint64_t>(p.afi()) << 48)) *
        0x9E3779B97F4A7C15ull;
    h ^= (w[1] + (h >> 32)) * 0xC2B2AE3D27D4EB4Full;
    return static_cast<size_t>(h ^ (h >> 31));
  }
};

}  // namespace bgpsentry
