// Whether the monitored prefixes' configured origins agree with their IRR route objects
// (the monitoring guide's "set up IRR records" practice): judged after every IRR load and
// every change of the monitored prefixes. When the list of disagreements changes, one FEED
// notice (source "irr") names them all; the list is kept in the store, so a restart with
// the same dumps and prefixes says nothing new.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "agent/config/prefixes_config.h"
#include "agent/irr/irr_database.h"
#include "agent/model/alert_emitter.h"
#include "storage/meta_store.h"

namespace bgpsentry {

// One line per monitored prefix (with configured origins) that disagrees: an origin no
// covering object names, or no covering object at all. In the prefixes file's order.
std::vector<std::string> irr_disagreements(const IrrDatabase& irr, const PrefixesConfig& prefixes);

class IrrConsistency {
 public:
  static constexpr size_t kMaxListed = 50;  // lines in one notice; the rest are counted

  IrrConsistency(MetaStore& state, AlertEmitter& notices) : state_(state), notices_(notices) {}
  // Thread-safe: the IRR reload thread and a prefixes change may call it at once.
  void check(const IrrDatabase& irr, const PrefixesConfig& prefixes, int64_t now_us);
  std::vector<std::string> disagreements() const;

 private:
  MetaStore& state_;
  AlertEmitter& notices_;
  mutable std::mutex mu_;
  std::vector<std::string> current_;
};

}  // namespace bgpsentry
