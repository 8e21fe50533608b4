// SLURM (RFC 8416): an operator's local exceptions to the VRPs a validator produced —
// prefix filters that remove VRPs and assertions that add them. BGPsec parts are read and
// ignored (we validate origins only).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/core/result.h"
#include "agent/rpki/vrp.h"

namespace bgpsentry {

struct Slurm {
  struct PrefixFilter {  // at least one of the two
    std::optional<Prefix> prefix;
    std::optional<uint32_t> asn;
  };
  std::vector<PrefixFilter> filters;
  std::vector<Vrp> assertions;

  // The VRPs without those a filter matches (a filter prefix matches a VRP for it or for a
  // more-specific; with an asn too, both must match), plus the assertions (RFC 8416 4.2).
  std::vector<Vrp> apply(std::vector<Vrp> vrps) const;
};

Result<Slurm> parse_slurm(std::string_view text, const std::string& name);
Result<Slurm> load_slurm_file(const std::string& path);

}  // namespace bgpsentry
