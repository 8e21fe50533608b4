// type: radar: Cloudflare Radar's BGP hijack and leak events as a second vantage point.
#pragma once

#include "agent/sources/source_type.h"

namespace bgpsentry {

SourceType radar_source_type();

}  // namespace bgpsentry
