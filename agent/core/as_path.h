// BGP AS path: segments (RFC 4271, RFC 5065) of 4-byte ASNs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bgpsentry {

enum class SegmentType : uint8_t {
  kSet = 1,
  kSequence = 2,
  kConfedSequence = 3,
  kConfedSet = 4,
};

struct AsPathSegment {
  SegmentType type = SegmentType::kSequence;
  std::vector<uint32_t> asns;
  bool operator==(const AsPathSegment&) const = default;
};

class AsPath {
 public:
  // More ASNs than any BGP UPDATE can carry: 65,535 bytes at most (RFC 8654 extended
  // messages) at 2 bytes per AS. Decoders of text formats (RIS Live), whose paths no
  // message bounds, refuse longer ones, so that judging one update stays bounded.
  static constexpr size_t kMaxLength = 32767;

  AsPath() = default;
  explicit AsPath(std::vector<AsPathSegment> segments) : segments_(std::move(segments)) {}
  // Convenience for a plain AS_SEQUENCE.
  static AsPath sequence(std::vector<uint32_t> asns);

  const std::vector<AsPathSegment>& segments() const { return segments_; }
  bool empty() const { return segments_.empty(); }

  // The origin AS(es): the last ASN of a final AS_SEQUENCE, or every member of a final
  // AS_SET. Confederation segments are not origins. Empty for an empty (iBGP) path. A view
  // into the path (no allocation: the engine asks for every update).
  std::span<const uint32_t> origins() const;
  // RFC 6811's "route origin ASN": the last ASN of a final AS_SEQUENCE; nullopt (NONE) when
  // the path ends in an AS_SET or a confederation segment, or is empty.
  std::optional<uint32_t> origin() const;
  // RFC 4271 9.1.2.2 length: an AS_SET counts 1, confederation segments 0.
  size_t length() const;
  // The ASNs of the AS_SEQUENCEs, collector side first, prepending collapsed, with
  // kNoNeighbour where an AS_SET or a confederation segment stands: the AS-level hops, each
  // next to its real neighbours (no adjacency is claimed across a set). Into `out`.
  static constexpr uint32_t kNoNeighbour = 0;  // AS 0 is never on a valid path (RFC 7607)
  void hops(std::vector<uint32_t>& out) const;
  // bgpdump's notation: "701 3356 {64512,64513}", confederations as "(…)" and "[…]".
  std::string to_string() const;

  bool operator==(const AsPath&) const = default;

 private:
  std::vector<AsPathSegment> segments_;
};

}  // namespace bgpsentry
