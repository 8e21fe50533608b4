#include "agent/sources/source_types.h"

#include "agent/sources/file_replay_sources.h"
#include "agent/sources/radar_source_type.h"
#include "agent/sources/ris_live_source_type.h"

namespace bgpsentry {

const std::map<std::string, SourceType>& source_types() {
  // A new source type: its own file in this folder, and one line here.
  static const auto types = by_type({mrt_source_type(), ris_live_file_source_type(),
                                     ris_live_source_type(), radar_source_type()});
  return types;
}

SectionReaders source_section_readers() {
  return section_readers(source_types());
}

}  // namespace bgpsentry
