// Source type `ris_live`: the RIPE RIS Live WebSocket feed, subscribed to the monitored
// space (or all of it), with its canary and gap back-fill from MRT archives.
#pragma once

#include <string>
#include <vector>

#include "agent/core/prefix.h"
#include "agent/core/update_filter.h"
#include "agent/sources/source_type.h"

namespace bgpsentry {

struct RisLiveSettings {
  std::string url = "wss://ris-live.ripe.net/v1/ws/";
  std::string client = "bgpsentry";
  bool subscribe_all = false;  // subscribe: all (the firehose) | monitored
  int64_t stale_after_s = 60;
  std::string ca_file;  // absolute; empty: the system's CA store
  std::string proxy;    // http://host:port (HTTP CONNECT); empty: direct
  UpdateFilter filter;  // from/to and the filter: block
  // canary: RIS beacon prefixes that must be heard from every canary_every (+ grace).
  std::vector<Prefix> canary_prefixes;
  int64_t canary_every_s = 7200;
  int64_t canary_grace_s = 900;
  // backfill: gaps filled from MRT update archives, per RIS collector ("rrc00").
  struct BackfillArchive {
    std::string collector;
    std::vector<std::string> paths;  // absolute files, directories or globs
  };
  std::vector<BackfillArchive> backfill_archives;  // empty: no back-fill
  int64_t backfill_wait_s = 1800;
  int64_t backfill_max_gap_s = 86400;
};

SourceType ris_live_source_type();

}  // namespace bgpsentry
