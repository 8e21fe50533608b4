// A kind of source (`type:` in sources:) as the agent builds it: how its section is read, and
// how it is made from that section and what the agent lends every source. One file per type
// in this folder defines one; source_types.cpp lists them.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "agent/config/config_sections.h"
#include "agent/config/prefixes_config.h"
#include "agent/core/durable_state.h"
#include "agent/core/update_batch.h"
#include "agent/ingest/feed_observer.h"
#include "agent/ingest/report_observer.h"
#include "agent/ingest/source.h"
#include "storage/history_store.h"
#include "storage/meta_store.h"

namespace bgpsentry {

// What the agent lends every source it builds.
struct SourceContext {
  UpdateSinkQueues queues;      // where updates go: the store writer and the engine
  const CursorReader& cursors;  // where the store is in each source (meta store)
  const CursorReader* judged;   // where the engine is in each source
  const HistoryStore& history;  // what is stored (back-fill asks before it adds)
  FeedObserver* observer;       // told of feed outages and shedding (FEED events)
  std::shared_ptr<const PrefixesConfig> prefixes;  // monitored now
  DurableState* state = nullptr;      // small values kept across restarts (a poller's ids)
  ReportObserver* reports = nullptr;  // other monitors' events, merged with the agent's
};

struct BuiltSource {
  std::unique_ptr<Source> source;
  // Told of every new prefixes config (a live feed's subscriptions follow the monitored
  // space); empty when the source does not care.
  std::function<void(const std::shared_ptr<const PrefixesConfig>&)> prefixes_changed;
};

struct SourceType {
  std::string type;   // as written in `type:`
  bool live = false;  // a live feed: its outages are FEED events, which go on across restarts
  SectionReader read;
  std::function<BuiltSource(const SourceConfig&, const SourceContext&)> build;
};

}  // namespace bgpsentry
