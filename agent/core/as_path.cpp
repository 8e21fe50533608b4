#include "agent/core/as_path.h"

namespace bgpsentry {

AsPath AsPath::sequence(std::vector<uint32_t> asns) {
  if (asns.empty()) return AsPath();
  return AsPath({AsPathSegment{SegmentType::kSequence, std::move(asns)}});
}

std::span<const uint32_t> AsPath::origins() const {
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it) {
    if (it->asns.empty()) continue;
    if (it->type == SegmentType::kSequence) return {&it->asns.back(), 1};
    if (it->type == SegmentType::kSet) return it->asns;
    // A path that ends in a confederation segment has no external origin.
    return {};
  }
  return {};
}

std::optional<uint32_t> AsPath::origin() const {
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it)
    if (!it->asns.empty())
      return it->type == SegmentType::kSequence ? std::optional<uint32_t>(it->asns.back())
                                                : std::nullopt;
  return std::nullopt;
}

void AsPath::hops(std::vector<uint32_t>& out) const {
  out.clear();
  for (const auto& segment : segments_) {
    if (segment.type != SegmentType::kSequence) {
      if (!out.empty() && out.back() != kNoNeighbour) out.push_back(kNoNeighbour);
      continue;
    }
    for (uint32_t asn : segment.asns)
      if (out.empty() || out.back() != asn) out.push_back(asn);
  }
}

size_t AsPath::length() const {
  size_t n = 0;
  for (const auto& s : segments_) {
    if (s.type == SegmentType::kSequence) n += s.asns.size();
    if (s.type == SegmentType::kSet) n += 1;
  }
  return n;
}

std::string AsPath::to_string() const {
  std::string out;
  for (const auto& s : segments_) {
    if (!out.empty()) out += ' ';
    const bool is_set = s.type == SegmentType::kSet || s.type == SegmentType::kConfedSet;
    const char* open = s.type == SegmentType::kSet              ? "{"
                       : s.type == SegmentType::kConfedSet      ? "["
                       : s.type == SegmentType::kConfedSequence ? "("
                                                                : "";
    const char* close = s.type == SegmentType::kSet              ? "}"
                        : s.type == SegmentType::kConfedSet      ? "]"
                        : s.type == SegmentType::kConfedSequence ? ")"
                                                                 : "";
    out += open;
    for (size_t i = 0; i < s.asns.size(); ++i) {
      if (i) out += is_set ? ',' : ' ';
      out += std::to_string(s.asns[i]);
    }
    out += close;
  }
  return out;
}

}  // namespace bgpsentry
