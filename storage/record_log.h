// Records numbered from 1 in one column family (key: the id, 8 bytes big-endian), each write
// synced: config revisions, the audit trail, silences, acknowledgements. Few and small, and
// each one reported to someone once written, so a crash must not lose it.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "agent/core/result.h"
#include "storage/database.h"

namespace bgpsentry {

class RecordLog {
 public:
  RecordLog(Database& db, rocksdb::ColumnFamilyHandle* family, std::string what);

  // Stores encode(id) under the next id, which it returns.
  Result<uint64_t> append(const std::function<std::string(uint64_t id)>& encode);
  // Stores (or replaces) the record of a given id (keyed by something else's id).
  Status put(uint64_t id, const std::string& value);
  std::optional<std::string> get(uint64_t id) const;
  // Records with id < before_id (0: from the newest), newest first, at most `limit` (0: all);
  // stops when fn returns false.
  Status for_each_before(uint64_t before_id, size_t limit,
                         const std::function<bool(uint64_t id, std::string_view value)>& fn) const;
  // The same, each value decoded by `decode(id, value, record)` first; one that does not
  // decode ends the scan with "damaged WHAT in the store".
  template <typename Record, typename Decode>
  Status for_each_decoded_before(uint64_t before_id, size_t limit, Decode decode,
                                 const std::function<bool(const Record&)>& fn) const {
    bool damaged = false;
    auto st = for_each_before(before_id, limit, [&](uint64_t id, std::string_view value) {
      Record record;
      if (!decode(id, value, record)) return !(damaged = true);
      return fn(record);
    });
    if (!st) return st;
    if (damaged) return Error{"damaged " + what_ + " in the store"};
    return ok_status();
  }

 private:
  Database& db_;
  rocksdb::ColumnFamilyHandle* family_;
  const std::string what_;  // for messages: "config revision", "audit record", …
  std::mutex mu_;           // append: one id at a time
  uint64_t last_id_ = 0;
};

}  // namespace bgpsentry
