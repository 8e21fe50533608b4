// Small values a component keeps across restarts (a poller's last seen ids), written
// durably by the store: an interface low enough for sources to use (storage implements it).
#pragma once

#include <optional>
#include <string>

#include "agent/core/result.h"

namespace bgpsentry {

class DurableState {
 public:
  virtual ~DurableState() = default;
  virtual std::optional<std::string> get(const std::string& key) const = 0;
  virtual Status put(const std::string& key, const std::string& value) = 0;
};

}  // namespace bgpsentry
