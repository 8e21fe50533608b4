// The audit trail: every mutating API call (who, what, when, and how it ended), newest
// first on reading. In the store's `audit` column family, each record synced.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "storage/record_log.h"

namespace bgpsentry {

struct AuditEntry {
  uint64_t id = 0;
  int64_t time_us = 0;
  std::string who;      // "token noc (tcp)", "alice (unix socket)"
  std::string action;   // "AddPrefix 192.0.2.0/24", "SetLogLevel debug", …
  std::string outcome;  // "OK", or the status code and message
};

class AuditStore {
 public:
  explicit AuditStore(Database& db) : log_(db, db.audit(), "audit record") {}
  Result<uint64_t> append(AuditEntry entry);
  // Newest first, ids < before_id (0: from the newest), at most `limit` (0: all).
  Status for_each_before(uint64_t before_id, size_t limit,
                         const std::function<bool(const AuditEntry&)>& fn) const;

 private:
  RecordLog log_;
};

}  // namespace bgpsentry
