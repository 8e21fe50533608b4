// The agent's state in Prometheus' text exposition format (version 0.0.4): ingest, parse
// errors, queues, store, alerts and events by type, streams, sinks, route table. A pure
// function of a status snapshot, so it is tested without a server.
#pragma once

#include <string>

#include "agent/api/agent_status.h"

namespace bgpsentry {

std::string render_metrics(const AgentStatus& status, int64_t now_us);

}  // namespace bgpsentry
