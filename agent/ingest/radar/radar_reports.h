// Radar's answers as bgpsentry's ExternalReports: what each of its fields becomes, and the
// report an origin check makes of an origin Radar sees and the prefixes file does not expect.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agent/core/prefix.h"
#include "agent/decode/radar_response.h"
#include "agent/model/event.h"

namespace bgpsentry {

// `source`: the source's name in bgpsentry.yml.
ExternalReport radar_report(const std::string& source, const RadarHijack& hijack);
// A leak names no prefix: the agent gives it the monitored prefixes of its segment's ASes.
ExternalReport radar_report(const std::string& source, const RadarLeak& leak);
// An origin of `prefix` (or a more specific) that is not among `expected`, seen (ongoing)
// or no longer seen in pfx2as. Its id is made of the prefix and the origin, the same at
// every poll and after a restart, so that its updates find its event. No prefixes: the
// caller adds those Radar named.
ExternalReport radar_origin_report(const std::string& source, const Prefix& prefix, uint32_t origin,
                                   const std::vector<uint32_t>& expected, bool ongoing,
                                   int64_t now_us);

}  // namespace bgpsentry
