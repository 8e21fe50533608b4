// An event's confidence (0..10) and the evidence behind it, as tags {name, score}: each tag
// says what moved the score and by how much, so an operator can see why we think it is an
// attack. Recomputed whenever the event changes.
#pragma once

#include <memory>

#include "agent/alert/event.h"
#include "agent/asrel/as_relationships.h"
#include "agent/rpki/vrp_set.h"

namespace bgpsentry {

// `vrps` may be null (no RPKI configured): then no RPKI tag; `relationships` may be null (no
// as-rel file): then no relationship tag.
void score_event(Event& event, const VrpSet* vrps, const AsRelationships* relationships = nullptr);

}  // namespace bgpsentry
