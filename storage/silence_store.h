// Silences as stored: the `silences` column family, each record synced. A deleted silence
// is stored as one that ended early, so that its id is never given to another.
#pragma once

#include <cstdint>
#include <functional>

#include "agent/model/silence.h"
#include "storage/record_log.h"

namespace bgpsentry {

class SilenceStore {
 public:
  explicit SilenceStore(Database& db) : log_(db, db.silences(), "silence") {}
  // Stores `silence` under a new id, which it returns.
  Result<uint64_t> append(const Silence& silence);
  // Replaces the stored silence of id silence.id.
  Status put(const Silence& silence);
  // Every stored silence, newest first; a damaged one is logged and left out.
  Status for_each(const std::function<void(const Silence&)>& fn) const;

 private:
  RecordLog log_;
};

}  // namespace bgpsentry
