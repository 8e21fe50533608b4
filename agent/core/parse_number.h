// Whole-string unsigned number parsing that reports failure instead of throwing.
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

}  // namespace bgpsentry
