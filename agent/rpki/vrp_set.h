// A set of VRPs indexed by prefix, for route origin validation (RFC 6811 section 2).
// Immutable once built: readers share it through a shared_ptr and a reload swaps it.
#pragma once

#include <optional>
#include <vector>

#include "agent/core/prefix_trie.h"
#include "agent/rpki/vrp.h"

namespace bgpsentry {

class VrpSet {
 public:
  VrpSet() = default;
  explicit VrpSet(std::vector<Vrp> vrps);  // duplicates are kept once

  // `origin`: the route's origin AS, nullopt when it has none (an AS_SET ends the path,
  // RFC 6811: such a route can only be NotFound or Invalid).
  RovResult validate(const Prefix& prefix, std::optional<uint32_t> origin) const;

  size_t size() const { return size_; }
  const std::vector<Vrp>& vrps() const { return vrps_; }

 private:
  struct Entry {
    uint32_t asn;
    uint8_t max_length;
  };
  std::vector<Vrp> vrps_;  // sorted, unique
  PrefixTrie<std::vector<Entry>> trie_;
  size_t size_ = 0;
};

}  // namespace bgpsentry
