#include "agent/config/monitored_index.h"

namespace bgpsentry {

MonitoredIndex::MonitoredIndex(std::shared_ptr<const PrefixesConfig> config)
    : config_(std::move(config)) {
  for (const auto& p : config_->prefixes) prefixes_.insert(p.prefix, &p);
  for (const auto& a : config_->asns) asns_.insert(a.asn);
  // About four slots per monitored prefix, 1 Ki to 256 Ki (8 MiB) slots.
  size_t slots = 1024;
  while (slots < config_->prefixes.size() * 4 && slots < (size_t{1} << 18)) slots *= 2;
  cache_.resize(slots);
}

MonitoredIndex::Answer& MonitoredIndex::answer(const Prefix& prefix) const {
  // Every monitor asks about the same update in turn: the last answer first, no hash.
  if (last_ && last_->valid && last_->prefix == prefix) return *last_;
  Answer& a = cache_[PrefixHash()(prefix) & (cache_.size() - 1)];
  last_ = &a;
  if (!a.valid || !(a.prefix == prefix)) {
    a.prefix = prefix;
    a.valid = true;
    a.overlaps = -1;
    a.match = nullptr;
    prefixes_.for_each_covering(prefix,
                                [&](const Prefix&, const MonitoredPrefix* m) { a.match = m; });
  }
  return a;
}

const MonitoredPrefix* MonitoredIndex::longest_match(const Prefix& prefix) const {
  return answer(prefix).match;
}

bool MonitoredIndex::in_scope(const Prefix& prefix, const AsPath& path) const {
  Answer& a = answer(prefix);
  if (a.match) return true;
  if (a.overlaps < 0) a.overlaps = prefixes_.overlaps(prefix);  // covers a monitored one?
  if (a.overlaps) return true;
  if (asns_.empty()) return false;
  for (uint32_t origin : path.origins())
    if (asns_.count(origin)) return true;
  return false;
}

bool MonitoredIndex::covers(const Update& u) const {
  if (u.kind == UpdateKind::kPeerState) return true;
  static const AsPath kNone;
  return in_scope(u.prefix, u.attrs ? u.attrs->as_path : kNone);
}

}  // namespace bgpsentry
