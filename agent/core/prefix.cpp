#include "agent/core/prefix.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace bgpsentry {

IpAddress IpAddress::v4(const uint8_t* p) {
  IpAddress a;
  a.afi = Afi::kIpv4;
  std::memcpy(a.bytes.data(), p, 4);
  return a;
}

IpAddress IpAddress::v6(const uint8_t* p) {
  IpAddress a;
  a.afi = Afi::kIpv6;
  std::memcpy(a.bytes.data(), p, 16);
  return a;
}

namespace {

// Dotted-quad IPv4 by inet_pton's rules (four decimal parts of 0-255, no leading zeros),
// without its copy to a C string: a RIS Live message has up to three addresses (peer, next
// hop, prefix), and inet_pton with its strlen was a tenth of the feed's decoding.
bool parse_v4(std::string_view text, uint8_t* out) {
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0 && (i >= text.size() || text[i++] != '.')) return false;
    const size_t start = i;
    unsigned value = 0;
    for (unsigned digit; i < text.size() && i - start < 3 &&
                         (digit = static_cast<unsigned char>(text[i]) - '0') <= 9;
         ++i)
      value = value * 10 + digit;
    const size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return false;
    out[part] = static_cast<uint8_t>(value);
  }
  return i == text.size();
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  IpAddress a;
  if (parse_v4(text, a.bytes.data())) {
    a.afi = Afi::kIpv4;
    return a;
  }
  // Not IPv4: without a colon it is no address at all.
  if (text.find(':') == std::string_view::npos || text.size() >= INET6_ADDRSTRLEN)
    return std::nullopt;
  char buf[INET6_ADDRSTRLEN];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  a.afi = Afi::kIpv6;
  if (inet_pton(AF_INET6, buf, a.bytes.data()) != 1) return std::nullopt;
  return a;
}

bool IpAddress::is_unspecified() const {
  for (int i = 0; i < size(); ++i)
    if (bytes[i] != 0) return false;
  return true;
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(afi == Afi::kIpv4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

Prefix::Prefix(const IpAddress& address, int length)
    : address_(address), length_(static_cast<uint8_t>(length)) {
  const int size = address.size();
  for (int i = 0; i < size; ++i) {
    const int bits_here = length - i * 8;
    if (bits_here >= 8) continue;
    address_.bytes[i] &= bits_here <= 0 ? 0 : static_cast<uint8_t>(0xFF << (8 - bits_here));
  }
}

std::optional<Prefix> Prefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  const auto len_text = text.substr(slash + 1);
  int length = -1;
  auto [ptr, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), length);
  if (ec != std::errc() || ptr != len_text.data() + len_text.size() || len_text.empty())
    return std::nullopt;
  if (length < 0 || length > max_length(address->afi)) return std::nullopt;
  return Prefix(*address, length);
}

bool Prefix::contains(const Prefix& other) const {
  if (other.afi() != afi() || other.length_ < length_) return false;
  return Prefix(other.address_, length_).address_ == address_;
}

bool Prefix::contains(const IpAddress& ip) const {
  return ip.afi == afi() && Prefix(ip, length_).address_ == address_;
}

std::string Prefix::to_string() const {
  return address_.to_string() + "/" + std::to_string(length_);
}

}  // namespace bgpsentry
