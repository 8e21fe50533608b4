// Monitored prefixes and ASNs, config revisions and config errors between the internal
// types and bgpsentry.v1 (ConfigService).
#pragma once

#include "agent/config/config_error.h"
#include "agent/config/prefixes_config.h"
#include "agent/config/revision_log.h"
#include "agent/core/result.h"
#include "bgpsentry/v1/config.pb.h"

namespace bgpsentry::wire {

v1::MonitoredPrefix to_proto(const MonitoredPrefix& prefix);
v1::MonitoredAsn to_proto(const MonitoredAsn& asn);
// Without the text: GetRevision adds it.
v1::ConfigRevision to_proto(const ConfigRevision& revision);
v1::ConfigIssue to_proto(const ConfigError& error);

// Checks what the loader cannot see in the text: the prefix's notation. Regexes and the
// rest are checked when the result is loaded back (canonical_prefixes()).
Result<MonitoredPrefix> from_proto(const v1::MonitoredPrefix& prefix);
MonitoredAsn from_proto(const v1::MonitoredAsn& asn);

}  // namespace bgpsentry::wire
