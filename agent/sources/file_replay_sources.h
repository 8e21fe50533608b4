// Source types `mrt` (MRT archives: TABLE_DUMP_V2 RIBs and BGP4MP updates) and
// `ris_live_file` (RIS Live recordings): files replayed through a FileReplaySource.
#pragma once

#include <string>
#include <vector>

#include "agent/core/update_filter.h"
#include "agent/sources/source_type.h"

namespace bgpsentry {

// A file source's section: {paths, from, to, filter}.
struct FileReplaySettings {
  std::vector<std::string> paths;  // absolute files, directories or globs
  UpdateFilter filter;             // from/to and the filter: block
};

SourceType mrt_source_type();
SourceType ris_live_file_source_type();

}  // namespace bgpsentry
