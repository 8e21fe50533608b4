#include "agent/alert/alert_router.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

namespace bgpsentry {

AlertRouter::AlertRouter(AlertStore& store, AlertHub& hub, std::vector<SinkRunner*> sinks)
    : store_(store), hub_(hub), sinks_(std::move(sinks)) {}

void AlertRouter::emit(Alert alert) {
  std::lock_guard lock(mu_);
  // Never hand out an alert that is not stored: retry until the store takes it (this
  // backpressures the engine rather than losing the alert).
  for (int attempt = 0;; ++attempt) {
    auto st = store_.append(alert);
    if (st) break;
    spdlog::error("{} (attempt {})", st.error(), attempt + 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(10 << std::min(attempt, 6)));
  }
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
