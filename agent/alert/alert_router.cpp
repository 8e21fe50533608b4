#include "agent/alert/alert_router.h"

#include <spdlog/spdlog.h>

namespace bgpsentry {

AlertRouter::AlertRouter(AlertStore& store, AlertHub& hub, std::vector<SinkRunner*> sinks,
                         StoreHealth* health)
    : store_(store), hub_(hub), sinks_(std::move(sinks)), health_(health ? *health : own_health_) {}

void AlertRouter::emit(Alert alert) {
  // Never hand out an alert that is not stored: retry until the store takes it (this
  // backpressures the engine rather than losing the alert). At shutdown with the store
  // failing it is given up: never stored, never acknowledged, judged again after a restart.
  // The lock is held per attempt, not across the waits between them: a retry that
  // recovers announces it (StoreHealth's listeners), which emits FEED alerts of its own.
  auto st = health_.retry("alert", [&] {
    std::lock_guard lock(mu_);
    auto stored = store_.append(alert);
    if (stored) deliver(alert);  // in id order: under the lock that assigned the id
    return stored;
  });
  if (!st)
    spdlog::error("alert not stored ({}): {} {}", st.error(), to_string(alert.type),
                  alert.description);
}

void AlertRouter::deliver(const Alert& alert) {
  ++emitted_;
  ++by_type_[static_cast<size_t>(alert.type)][static_cast<size_t>(alert.notice)];
  if (alert.type == AlertType::kFeed)
    spdlog::warn("alert {} FEED {} {}: {}", alert.id, to_string(alert.notice), alert.source,
                 alert.description);
  else
    spdlog::warn("alert {} {} {} origin AS{} (monitored {}): {}", alert.id, to_string(alert.type),
                 alert.prefix.to_string(), alert.observed_origin,
                 alert.monitored_prefix.to_string(), alert.description);
  hub_.publish(alert);
  for (auto* sink : sinks_) sink->notify();
}

}  // namespace bgpsentry
