// Config revisions (RevisionLog) in the store's `config` column family.
#pragma once

#include "agent/config/revision_log.h"
#include "storage/record_log.h"

namespace bgpsentry {

class RevisionStore : public RevisionLog {
 public:
  explicit RevisionStore(Database& db) : log_(db, db.config(), "config revision") {}

  Result<uint64_t> append(ConfigRevision revision) override;
  std::optional<ConfigRevision> get(uint64_t id) const override;
  std::optional<ConfigRevision> last() const override;
  Status for_each_before(uint64_t before_id, size_t limit,
                         const std::function<bool(const ConfigRevision&)>& fn) const override;

 private:
  RecordLog log_;
};

}  // namespace bgpsentry
