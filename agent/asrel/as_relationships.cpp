#include "agent/asrel/as_relationships.h"

#include <algorithm>

#include "agent/core/parse_number.h"
#include "agent/ingest/byte_stream.h"

namespace bgpsentry {
namespace {

uint64_t link_key(uint32_t low, uint32_t high) {
  return static_cast<uint64_t>(low) << 32 | high;
}

AsRelation reverse(AsRelation r) {
  switch (r) {
    case AsRelation::kProvider:
      return AsRelation::kCustomer;
    case AsRelation::kCustomer:
      return AsRelation::kProvider;
    default:
      return r;
  }
}

// Splits "a|b|rel[|source]" into its fields; false when there are not 3 or 4.
bool split_fields(std::string_view line, std::string_view (&fields)[4], size_t& count) {
  count = 0;
  while (true) {
    const size_t bar = line.find('|');
    if (count == 4) return false;
    fields[count++] = line.substr(0, bar);
    if (bar == std::string_view::npos) break;
    line.remove_prefix(bar + 1);
  }
  return count == 3 || count == 4;
}

}  // namespace

const char* to_string(AsRelation r) {
  switch (r) {
    case AsRelation::kProvider:
      return "provider";
    case AsRelation::kCustomer:
      return "customer";
    case AsRelation::kPeer:
      return "peer";
    case AsRelation::kSibling:
      return "sibling";
    case AsRelation::kUnknown:
      break;
  }
  return "unknown";
}

Result<AsRelationships> AsRelationships::parse(std::string_view text, const std::string& name) {
  AsRelationships out;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](const std::string& what) {
      return Error{name + ":" + std::to_string(line_no) + ": " + what + " in '" +
                   std::string(line.substr(0, 80)) + "' (expected AS|AS|-1, 0 or 1[|source])"};
    };
    std::string_view fields[4];
    size_t count = 0;
    if (!split_fields(line, fields, count)) return fail("not 3 or 4 '|'-separated fields");
    const auto a = parse_asn(fields[0]), b = parse_asn(fields[1]);
    if (!a || !b) return fail("an AS number that is not one");
    if (*a == *b) return fail("an AS related to itself");
    AsRelation a_to_b;
    if (fields[2] == "-1")
      a_to_b = AsRelation::kProvider;
    else if (fields[2] == "0")
      a_to_b = AsRelation::kPeer;
    else if (fields[2] == "1")
      a_to_b = AsRelation::kSibling;
    else
      return fail("a relationship that is not -1, 0 or 1");
    const bool a_low = *a < *b;
    out.links_.push_back(
        Link{a_low ? link_key(*a, *b) : link_key(*b, *a), a_low ? a_to_b : reverse(a_to_b)});
  }
  std::sort(out.links_.begin(), out.links_.end());
  // A pair listed twice keeps its first relation: CAIDA's files list each link once.
  out.links_.erase(std::unique(out.links_.begin(), out.links_.end(),
                               [](const Link& x, const Link& y) { return x.key == y.key; }),
                   out.links_.end());
  out.links_.shrink_to_fit();
  return out;
}

Result<AsRelationships> AsRelationships::load(const std::string& path) {
  // The full CAIDA file is ~12 MB of text; anything far larger is not an as-rel file.
  auto bytes = read_all_bytes(path, size_t{1} << 30);
  if (!bytes) return Error{bytes.error()};
  return parse(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), path);
}

AsRelation AsRelationships::relation(uint32_t a, uint32_t b) const {
  if (a == b) return AsRelation::kUnknown;
  const bool a_low = a < b;
  const uint64_t key = a_low ? link_key(a, b) : link_key(b, a);
  auto it = std::lower_bound(links_.begin(), links_.end(), Link{key, AsRelation::kUnknown});
  if (it == links_.end() || it->key != key) return AsRelation::kUnknown;
  return a_low ? it->low_to_high : reverse(it->low_to_high);
}

}  // namespace bgpsentry
