#include "agent/config/path_pattern.h"

#include <re2/re2.h>

namespace bgpsentry {
namespace {

bool has_lookaround(const std::string& pattern) {
  for (const char* op : {"(?=", "(?!", "(?<=", "(?<!"})
    if (pattern.find(op) != std::string::npos) return true;
  return false;
}

bool has_backreference(const std::string& pattern) {
  for (size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    const char next = pattern[i + 1];
    if ((next >= '1' && next <= '9') || next == 'k') return true;
    ++i;  // an escaped backslash is not the start of another escape
  }
  return false;
}

}  // namespace

Result<PathPattern> PathPattern::compile(const std::string& pattern) {
  if (pattern.size() > kMaxLength)
    return Error{"pattern of " + std::to_string(pattern.size()) + " bytes; at most " +
                 std::to_string(kMaxLength)};
  if (has_lookaround(pattern))
    return Error{
        "lookaround ((?=, (?!, (?<=, (?<!) is not supported: path rules are matched "
        "in time linear in the path (RE2), which lookaround cannot be"};
  if (has_backreference(pattern))
    return Error{
        "backreferences (\\1, \\k<name>) are not supported: path rules are matched "
        "in time linear in the path (RE2), which backreferences cannot be"};
  RE2::Options options;
  options.set_log_errors(false);  // the error goes into the config error, not stderr
  // RE2's default is 8 MiB per pattern, mostly DFA cache: a prefixes file may hold
  // thousands of rules. Past the budget RE2 matches more slowly, still in linear time.
  options.set_max_mem(1 << 20);
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) return Error{re->error()};
  return PathPattern(std::move(re));
}

bool PathPattern::found_in(std::string_view path) const {
  return RE2::PartialMatch(re2::StringPiece(path.data(), path.size()), *re_);
}

}  // namespace bgpsentry
