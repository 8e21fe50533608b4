// Small durable key/value state: source cursors, sink delivery positions, a sink's own
// state (the Telegram message an event's notices reply to).
#pragma once

#include <optional>
#include <string>

#include "agent/core/durable_state.h"
#include "agent/core/result.h"
#include "agent/core/update_batch.h"
#include "storage/database.h"

namespace bgpsentry {

class MetaStore : public CursorReader, public DurableState {
 public:
  explicit MetaStore(Database& db) : db_(db) {}

  std::optional<std::string> get(const std::string& key) const override;
  Status put(const std::string& key, const std::string& value) override;
  Status erase(const std::string& key);
  // A counter that numbers stored records (0 when absent). A damaged one aborts: handing
  // out numbers again would overwrite or misdirect what is stored.
  uint64_t counter(const std::string& key) const;

  std::optional<std::string> read_cursor(const std::string& key) const override {
    return get("cursor/" + key);
  }
  static std::string cursor_key(const std::string& key) { return "cursor/" + key; }

 private:
  Database& db_;
};

}  // namespace bgpsentry
