// AS relationships as CAIDA infers them (the as-rel files, serial-1 "a|b|rel" and serial-2
// "a|b|rel|source"): who is whose provider, customer or peer. The leak monitor judges paths
// by them (valley-free, RFC 9234 OTC) and event scoring says how a hijacker relates to the
// victim. Immutable once loaded: any thread may read it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agent/core/result.h"

namespace bgpsentry {

// What one AS is to another.
enum class AsRelation : uint8_t {
  kUnknown = 0,  // no link in the data
  kProvider,     // a is b's provider (transit: b's routes go anywhere, a's only to b's cone)
  kCustomer,     // a is b's customer
  kPeer,         // settlement-free peers: each other's customer routes only
  kSibling,      // one organisation (relation 1, which some derived files carry)
};
const char* to_string(AsRelation relation);  // "provider", "customer", "peer", …

class AsRelationships {
 public:
  AsRelationships() = default;
  // Parses as-rel text; `name` names it in errors ("FILE:LINE: …"). '#' lines are comments.
  static Result<AsRelationships> parse(std::string_view text, const std::string& name);
  // Reads a plain, gzip or bzip2 as-rel file (CAIDA publishes them bzip2-compressed).
  static Result<AsRelationships> load(const std::string& path);

  // What `a` is to `b`.
  AsRelation relation(uint32_t a, uint32_t b) const;
  size_t links() const { return links_.size(); }

 private:
  // Sorted by (low ASN, high ASN); the relation is what the low one is to the high one.
  struct Link {
    uint64_t key;
    AsRelation low_to_high;
    bool operator<(const Link& o) const { return key < o.key; }
  };
  std::vector<Link> links_;
};

}  // namespace bgpsentry
