#include "agent/rpki/vrp_set.h"

#include <algorithm>

namespace bgpsentry {

const char* to_string(RovState state) {
  switch (state) {
    case RovState::kValid:
      return "valid";
    case RovState::kInvalid:
      return "invalid";
    case RovState::kNotFound:
      break;
  }
  return "not-found";
}

const char* to_string(RovReason reason) {
  switch (reason) {
    case RovReason::kAsn:
      return "origin";
    case RovReason::kLength:
      return "length";
    case RovReason::kNone:
      break;
  }
  return "";
}

VrpSet::VrpSet(std::vector<Vrp> vrps) : vrps_(std::move(vrps)) {
  std::sort(vrps_.begin(), vrps_.end());
  vrps_.erase(std::unique(vrps_.begin(), vrps_.end()), vrps_.end());
  for (const Vrp& vrp : vrps_) {
    auto* entries = trie_.find(vrp.prefix);
    if (!entries) entries = &trie_.insert(vrp.prefix, {});
    entries->push_back({vrp.asn, static_cast<uint8_t>(vrp.max_length)});
  }
  size_ = vrps_.size();
}

RovResult VrpSet::validate(const Prefix& prefix, std::optional<uint32_t> origin) const {
  RovResult result;
  bool origin_named = false;
  trie_.for_each_covering(prefix, [&](const Prefix&, const std::vector<Entry>& entries) {
    for (const Entry& e : entries) {
      ++result.covering;
      // AS0 matches nothing: no route can have origin AS 0 (RFC 7607).
      if (!origin || e.asn != *origin || e.asn == 0) continue;
      origin_named = true;
      if (prefix.length() <= e.max_length) result.state = RovState::kValid;
    }
  });
  if (result.state == RovState::kValid || result.covering == 0) return result;
  result.state = RovState::kInvalid;
  result.reason = origin_named ? RovReason::kLength : RovReason::kAsn;
  return result;
}

}  // namespace bgpsentry
