// What a file replay reads through: a reader of one (decompressed) file that yields
// normalized updates and a resumable position. MRT files and RIS Live recordings each have
// one; the replay source around them is shared.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "agent/core/update.h"

namespace bgpsentry {

struct FileReadStats {
  uint64_t records = 0;       // records (MRT records, RIS Live messages) decoded
  uint64_t parse_errors = 0;  // damaged records and stretches of garbage
  uint64_t skipped = 0;       // records of kinds not decoded
  uint64_t warnings = 0;      // records decoded with a repair (RFC 7606 style)
  uint64_t updates = 0;
  uint64_t outside_window = 0;  // records outside the time window
};

class UpdateFileReader {
 public:
  virtual ~UpdateFileReader() = default;
  // Records stamped outside [from, to] (Unix seconds) are passed over.
  virtual void set_time_window(std::optional<int64_t> from, std::optional<int64_t> to) = 0;
  // Discards input up to the decompressed byte `offset` (resuming from a cursor); false when
  // the file is shorter.
  virtual bool skip_to(uint64_t offset) = 0;
  // Appends the updates of the next record to `out` (possibly none). False at the end.
  virtual bool next(std::vector<Update>& out) = 0;
  // Decompressed offset just past the last record consumed: the resume point.
  virtual uint64_t offset() const = 0;
  virtual const FileReadStats& stats() const = 0;
};

}  // namespace bgpsentry
