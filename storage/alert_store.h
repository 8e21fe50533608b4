// Alerts by increasing id. An alert is stored (synced) before any sink or stream sees it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "agent/alert/alert.h"
#include "agent/core/result.h"
#include "storage/database.h"

namespace bgpsentry {

class AlertStore {
 public:
  explicit AlertStore(Database& db);

  // Assigns the next id to `alert` and stores it durably.
  Status append(Alert& alert);
  std::optional<Alert> get(uint64_t id) const;
  // Calls fn for alerts with id > after_id in id order, at most `limit` (0: all);
  // stops early when fn returns false.
  Status for_each_after(uint64_t after_id, size_t limit,
                        const std::function<bool(const Alert&)>& fn) const;
  uint64_t last_id() const { return last_id_.load(); }

 private:
  Database& db_;
  std::mutex append_mu_;
  std::atomic<uint64_t> last_id_{0};
};

}  // namespace bgpsentry
