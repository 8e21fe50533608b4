// Revisions of the monitored prefixes: who changed them, when, how (a diff of the
// prefixes file), and the file as it was after. Implemented by storage.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "agent/core/result.h"

namespace bgpsentry {

struct ConfigRevision {
  uint64_t id = 0;  // from 1, strictly increasing
  int64_t time_us = 0;
  std::string who;     // "alice (unix socket)", "SIGHUP", "start"
  std::string action;  // "prefix add 192.0.2.0/24", "reload", …
  std::string diff;    // unified diff of the prefixes file against the revision before
  std::string text;    // the prefixes file after the change
};

class RevisionLog {
 public:
  virtual ~RevisionLog() = default;
  // Stores `revision` durably under the next id, which it returns.
  virtual Result<uint64_t> append(ConfigRevision revision) = 0;
  virtual std::optional<ConfigRevision> get(uint64_t id) const = 0;
  virtual std::optional<ConfigRevision> last() const = 0;
  // Revisions with id < before_id (0: from the newest), newest first, at most `limit`;
  // stops when fn returns false.
  virtual Status for_each_before(uint64_t before_id, size_t limit,
                                 const std::function<bool(const ConfigRevision&)>& fn) const = 0;
};

}  // namespace bgpsentry
