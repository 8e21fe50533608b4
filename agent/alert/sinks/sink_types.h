// The sink types the agent knows, by `type:`.
#pragma once

#include <map>
#include <string>

#include "agent/alert/sinks/sink_type.h"

namespace bgpsentry {

const std::map<std::string, SinkType>& sink_types();

// Each type's section reader, for load_agent_config.
SectionReaders sink_section_readers();

}  // namespace bgpsentry
