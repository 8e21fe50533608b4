// The silences in force, kept in the store (so a restart keeps them): consulted by every
// sink runner for each alert, changed through the API. Thread-safe. A deleted silence is
// kept as one that ended early, so that its id is never given to another.
#pragma once

#include <mutex>
#include <vector>

#include "agent/core/clock.h"
#include "agent/model/silence.h"
#include "storage/silence_store.h"

namespace bgpsentry {

class Silences {
 public:
  // Loads the silences in force at `clock`'s now.
  explicit Silences(Database& db, const Clock& clock = real_clock());
  // Stores `silence` under a new id, which it returns.
  Result<uint64_t> add(Silence silence);
  // Ends a silence at `now_us`; false when none with that id is in force.
  Result<bool> remove(uint64_t id, int64_t now_us);
  // Those still in force at `now_us`, oldest first.
  std::vector<Silence> active(int64_t now_us) const;
  bool silenced(const Alert& alert, int64_t now_us) const;

 private:
  SilenceStore store_;
  mutable std::mutex mu_;
  std::vector<Silence> silences_;  // expired ones are dropped when one is added
};

}  // namespace bgpsentry
