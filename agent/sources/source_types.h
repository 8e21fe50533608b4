// The source types the agent knows, by `type:`.
#pragma once

#include <map>
#include <string>

#include "agent/sources/source_type.h"

namespace bgpsentry {

const std::map<std::string, SourceType>& source_types();

// Each type's section reader, for load_agent_config.
SectionReaders source_section_readers();

}  // namespace bgpsentry
