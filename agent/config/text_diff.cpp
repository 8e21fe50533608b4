#include "agent/config/text_diff.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace bgpsentry {
namespace {

constexpr size_t kContext = 3;
// Above this many cells the middle part is shown as replaced whole rather than aligned:
// the table is quadratic, and a change that big is read as "the file was rewritten".
constexpr size_t kMaxCells = 4'000'000;

// Lines with their '\n': a last line without one differs from the same text with one, as
// diff sees it.
std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size() - 1);
    lines.emplace_back(text.data() + start, end + 1 - start);
    start = end + 1;
  }
  return lines;
}

struct Op {
  char kind;    // ' ', '-', '+'
  size_t a, b;  // line index in before / after (of the line shown)
};

// The edit script: common head and tail kept, the middle aligned by longest common
// subsequence.
std::vector<Op> edit_script(const std::vector<std::string_view>& a,
                            const std::vector<std::string_view>& b) {
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
    ++tail;
  const size_t n = a.size() - head - tail, m = b.size() - head - tail;
  std::vector<Op> ops;
  for (size_t i = 0; i < head; ++i) ops.push_back({' ', i, i});
  if (n * m <= kMaxCells) {
    // lcs[i][j]: the longest common subsequence of a[head+i..] and b[head+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1
                                              : std::max(at(i + 1, j), at(i, j + 1));
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        ops.push_back({' ', head + i++, head + j++});
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        ops.push_back({'-', head + i++, head + j});  // diff shows what goes before what comes
      } else {
        ops.push_back({'+', head + i, head + j++});
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) ops.push_back({'-', head + i, head});
    for (size_t j = 0; j < m; ++j) ops.push_back({'+', head + n, head + j});
  }
  for (size_t k = 0; k < tail; ++k) ops.push_back({' ', head + n + k, head + m + k});
  return ops;
}

std::string range(size_t start, size_t count) {
  // diff -u: a hunk of no lines names the line before it.
  const size_t first = count == 0 ? start : start + 1;
  return std::to_string(first) + (count == 1 ? "" : "," + std::to_string(count));
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& from, const std::string& to) {
  if (before == after) return {};
  const auto a = split_lines(before), b = split_lines(after);
  const auto ops = edit_script(a, b);
  std::string out = "--- " + from + "\n+++ " + to + "\n";
  size_t k = 0;
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].kind == ' ') ++k;
    if (k == ops.size()) break;
    // A hunk: from kContext lines before this change to kContext after the last change
    // that is at most 2*kContext unchanged lines from the next.
    const size_t begin = k >= kContext ? k - kContext : 0;
    size_t end = k;
    while (end < ops.size()) {
      while (end < ops.size() && ops[end].kind != ' ') ++end;
      size_t same = 0;
      while (end + same < ops.size() && ops[end + same].kind == ' ') ++same;
      if (end + same == ops.size() || same > 2 * kContext) {
        end += std::min(same, kContext);
        break;
      }
      end += same;
    }
    size_t a_count = 0, b_count = 0;
    for (size_t i = begin; i < end; ++i) {
      if (ops[i].kind != '+') ++a_count;
      if (ops[i].kind != '-') ++b_count;
    }
    out += "@@ -" + range(ops[begin].a, a_count) + " +" + range(ops[begin].b, b_count) + " @@\n";
    for (size_t i = begin; i < end; ++i) {
      out += ops[i].kind;
      const std::string_view line = ops[i].kind == '+' ? b[ops[i].b] : a[ops[i].a];
      out += line;
      if (line.back() != '\n') out += "\n\\ No newline at end of file\n";
    }
    k = end;
  }
  return out;
}

}  // namespace bgpsentry
