// The engine's route table rebuilt from the history when the agent starts, before any
// source runs: every route to the monitored space (monitored prefixes, their more-specifics
// and covering prefixes, and what monitored ASNs originated) as the store's route views
// hold it. Without it a restart forgot every route until its peer announced it again (on
// RIS Live that may take days): visibility loss, thresholds and neighbours were blind.
// Each update source is rebuilt as of the data time the engine judged it to (storage/
// judged_cursors.h), so that what is read again after a crash is judged against the table
// as it was before it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "agent/config/monitored_index.h"
#include "agent/core/result.h"
#include "agent/detect/route_table.h"
#include "storage/history_store.h"

namespace bgpsentry {

struct RouteTableRestored {
  uint64_t prefixes_read = 0;  // prefixes of the monitored space the history holds
  uint64_t routes = 0;         // routes put in the table
  double seconds = 0;
};

// `judged_times`: per update source, the data time judged up to; empty (a store from before
// they were kept): every source as of the newest stored update. A source with stored
// history but no judged time is left out (none of it was judged: it is read again).
Result<RouteTableRestored> restore_route_table(RouteTable& table, const HistoryStore& history,
                                               const MonitoredIndex& monitored,
                                               const std::map<std::string, int64_t>& judged_times);

}  // namespace bgpsentry
