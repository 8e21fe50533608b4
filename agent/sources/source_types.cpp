#include "agent/sources/source_types.h"

#include "agent/sources/file_replay_sources.h"
#include "agent/sources/ris_live_source_type.h"

namespace bgpsentry {

const std::map<std::string, SourceType>& source_types() {
  static const std::map<std::string, SourceType> types = [] {
    std::map<std::string, SourceType> out;
    // A new source type: its own file in this folder, and one line here.
    for (auto type : {mrt_source_type(), ris_live_file_source_type(), ris_live_source_type()})
      out.emplace(type.type, std::move(type));
    return out;
  }();
  return types;
}

SectionReaders source_section_readers() {
  SectionReaders readers;
  for (const auto& [name, type] : source_types()) readers.emplace(name, type.read);
  return readers;
}

}  // namespace bgpsentry
