// API tokens as configured (api.tokens): a name, a role, and the SHA-256 of the token; the
// token itself is never in the config, the store or the log.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bgpsentry {

enum class Role { kNone = 0, kViewer = 1, kOperator = 2, kAdmin = 3 };
const char* to_string(Role role);
// "viewer", "operator", "admin"; nullopt for anything else.
std::optional<Role> parse_role(std::string_view text);

using Sha256 = std::array<uint8_t, 32>;
// 64 hex digits (either case).
std::optional<Sha256> parse_sha256_hex(std::string_view hex);

struct ApiToken {
  std::string name;
  Role role = Role::kViewer;
  Sha256 sha256{};
};

}  // namespace bgpsentry
