// The RTR cache is a source too (of VRPs): status shows it beside the update sources.
#pragma once

#include "agent/config/agent_config.h"
#include "agent/ingest/source.h"
#include "agent/rpki/rtr_client.h"

namespace bgpsentry {

SourceStatus rtr_source_status(const RtrStatus& rtr, const RpkiConfig& config);

}  // namespace bgpsentry
