// What the detection engine has judged, kept beside what the store has written. A source's
// cursor stored with its history says what is stored; the engine, behind or ahead of the
// store, records here the cursor of each batch once its updates are judged and what they
// raised is stored, and per update source the data time judged up to. After a crash a file
// source resumes from the lesser of the two and hands each part to the consumer that has
// not had it (stored but not judged: to the engine only), so nothing is judged never or
// twice; the route table is rebuilt from the history as of the judged times.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "agent/core/update_batch.h"
#include "storage/database.h"

namespace bgpsentry {

class JudgedCursors : public CursorReader {
 public:
  // A store written before judged cursors were kept has its stored cursors copied: what was
  // stored then was judged (the engine stopped cleanly, or the loss predates this).
  explicit JudgedCursors(Database& db);

  // Engine thread: `batch` is judged and what it raised is stored.
  void judged(const UpdateBatch& batch);

  // The judged cursor of a source cursor key (CursorReader).
  std::optional<std::string> read_cursor(const std::string& key) const override;
  // Per update source (Update::source), the newest data time judged.
  std::map<std::string, int64_t> judged_times() const;

 private:
  Database& db_;
  std::map<std::string, int64_t> times_;  // the engine thread's: as last written
};

}  // namespace bgpsentry
