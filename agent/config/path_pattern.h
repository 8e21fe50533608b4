// A path rule's regular expression (BGPalerter's `match`/`notMatch`, over the AS path
// written "1280,3491,17557"), matched by RE2: time linear in the path's length and bounded
// memory whatever the pattern. libstdc++'s std::regex backtracks: a 5,000-ASN path
// overflowed the stack (~131,000 frames) and `(.*,)*64500$` took 51 s on 24 ASNs.
// Patterns that need backtracking (backreferences, lookaround) are refused when loaded.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "agent/core/result.h"

namespace re2 {
class RE2;
}

namespace bgpsentry {

class PathPattern {
 public:
  // Longest pattern accepted, in bytes (the biggest of BGPalerter's generated files' are
  // tens of bytes).
  static constexpr size_t kMaxLength = 4096;

  // The error says what in the pattern cannot be used and why.
  static Result<PathPattern> compile(const std::string& pattern);

  // Whether the pattern occurs anywhere in `path` (JavaScript's RegExp.test, std::regex_search).
  bool found_in(std::string_view path) const;

 private:
  explicit PathPattern(std::shared_ptr<const re2::RE2> re) : re_(std::move(re)) {}
  std::shared_ptr<const re2::RE2> re_;  // shared: configs are copied, compiled once
};

}  // namespace bgpsentry
