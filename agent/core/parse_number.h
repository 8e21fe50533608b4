// Whole-string number parsing that reports failure instead of throwing.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace bgpsentry {

inline std::optional<uint64_t> parse_u64(std::string_view text) {
  uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

// An AS number as operators and validators write it: "13335", "AS13335" or "as13335".
inline std::optional<uint32_t> parse_asn(std::string_view text) {
  if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's'))
    text.remove_prefix(2);
  const auto v = parse_u64(text);
  if (!v || *v > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

}  // namespace bgpsentry
