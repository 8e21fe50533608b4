// Config revisions (RevisionLog) in the store's `config` column family, each written
// synced: once a change is reported to its author, its record survives a crash.
#pragma once

#include <mutex>

#include "agent/config/revision_log.h"
#include "storage/database.h"

namespace bgpsentry {

class RevisionStore : public RevisionLog {
 public:
  explicit RevisionStore(Database& db);

  Result<uint64_t> append(ConfigRevision revision) override;
  std::optional<ConfigRevision> get(uint64_t id) const override;
  std::optional<ConfigRevision> last() const override;
  Status for_each_before(uint64_t before_id, size_t limit,
                         const std::function<bool(const ConfigRevision&)>& fn) const override;

 private:
  Database& db_;
  std::mutex mu_;  // append: one id at a time
  uint64_t last_id_ = 0;
};

}  // namespace bgpsentry
