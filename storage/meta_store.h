// Small durable key/value state: source cursors and sink delivery positions.
#pragma once

#include <optional>
#include <string>

#include "agent/core/result.h"
#include "agent/core/update_batch.h"
#include "storage/database.h"

namespace bgpsentry {

class MetaStore : public CursorReader {
 public:
  explicit MetaStore(Database& db) : db_(db) {}

  std::optional<std::string> get(const std::string& key) const;
  Status put(const std::string& key, const std::string& value);

  std::optional<std::string> read_cursor(const std::string& key) const override {
    return get("cursor/" + key);
  }
  static std::string cursor_key(const std::string& key) { return "cursor/" + key; }

 private:
  Database& db_;
};

}  // namespace bgpsentry
