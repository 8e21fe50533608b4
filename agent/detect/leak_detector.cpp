#include "agent/detect/leak_detector.h"

#include "agent/asrel/route_leak.h"
#include "agent/detect/monitored_match.h"

namespace bgpsentry {
namespace {

std::string as_name(uint32_t asn, AsRelation what) {
  const std::string name = "AS" + std::to_string(asn);
  return what == AsRelation::kUnknown ? name : name + " (its " + to_string(what) + ")";
}

}  // namespace

LeakDetector::LeakDetector(MonitoredIndexRef monitored,
                           std::shared_ptr<const AsRelationships> relationships)
    : PrefixMonitor(std::move(monitored)), relationships_(std::move(relationships)) {}

bool LeakDetector::in_scope(const Update& u) {
  if (monitored_match(u.prefix)) return true;
  if (!monitored_->has_monitored_asns()) return false;
  for (uint32_t asn : hops_)
    if (monitored_->monitored_asn(asn)) return true;
  return false;
}

void LeakDetector::on_update(const Update& u, AlertEmitter& out) {
  if (!is_announcement(u)) return;
  u.attrs->as_path.hops(hops_);  // once, for the scope and the leak
  if (!in_scope(u)) return;
  const auto leak = find_route_leak(hops_, u.attrs->only_to_customer, *relationships_);
  if (!leak) return;
  // The segment in path order (collector side first), as the path is written.
  const std::string segment = std::to_string(leak->leaked_to) + " " + std::to_string(leak->leaker) +
                              " " + std::to_string(leak->learned_from);
  emit_finding(
      out, u, AlertType::kRouteLeak, Prefix{}, leak->leaker,
      [&](Alert& alert) {
        alert.description =
            "AS" + std::to_string(leak->leaker) + " leaked a route learned from " +
            as_name(leak->learned_from, leak->from_is) + " to " +
            as_name(leak->leaked_to, leak->to_is) +
            (leak->by_otc ? ", though it was marked Only-to-Customer (RFC 9234 OTC AS" +
                                std::to_string(*u.attrs->only_to_customer) + ")"
                          : "") +
            "; leak segment " + segment;
      },
      "segment " + segment);
}

}  // namespace bgpsentry
