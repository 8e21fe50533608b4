// The running set of monitored prefixes and ASNs, and every change to it: API edits and
// reloads from disk are serialized here, checked (the result must load as a prefixes
// file), written back to the prefixes file atomically, recorded as a revision (who, when,
// diff) and applied to the running agent without a restart. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include "agent/config/prefixes_edit.h"
#include "agent/config/revision_log.h"

namespace bgpsentry {

class PrefixesManager {
 public:
  // Puts a config into effect (engine, store scope, feed subscriptions); called with the
  // manager's lock held, so changes are applied in the order they were made.
  using Apply = std::function<Status(const std::shared_ptr<const PrefixesConfig>&)>;

  // `config` was loaded from `path`, whose text is `text`.
  PrefixesManager(std::string path, PrefixesConfig config, std::string text, RevisionLog& log,
                  Apply apply);

  // Records the file as loaded at start when it differs from the last revision (the first
  // start, or an edit by hand while the agent was stopped).
  Status start();

  std::shared_ptr<const PrefixesConfig> current() const;
  uint64_t revision() const;
  const std::string& path() const { return path_; }

  struct Change {
    uint64_t revision = 0;  // the revision in effect after the call
    bool changed = false;   // false: the edit left the file as it was
  };
  using ChangeResult = std::variant<Change, EditError>;

  // Runs `edit` on a copy of the current config and, when it succeeds, checks, writes,
  // records and applies the result.
  ChangeResult change(const std::string& who, const std::string& action,
                      const std::function<EditStatus(PrefixesConfig&)>& edit);
  // Takes a config loaded from the prefixes file (a reload): recorded and applied when its
  // text differs; the file itself is left as the operator wrote it.
  ChangeResult adopt(const std::string& who, PrefixesConfig config, std::string text);

 private:
  ChangeResult commit(const std::string& who, const std::string& action, PrefixesConfig config,
                      std::string text, bool write_file);

  const std::string path_;
  RevisionLog& log_;
  Apply apply_;
  mutable std::mutex mu_;
  std::shared_ptr<const PrefixesConfig> current_;
  std::string text_;  // the file's text as last written or loaded
  uint64_t revision_ = 0;
};

}  // namespace bgpsentry
