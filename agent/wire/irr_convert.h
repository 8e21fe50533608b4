// An IRR check in the API's form (CheckIrr, bgpctl irr check -o json).
#pragma once

#include "agent/irr/irr_database.h"
#include "bgpsentry/v1/query.pb.h"

namespace bgpsentry::wire {

v1::IrrCheckResult to_proto(const Prefix& prefix, uint32_t asn, const IrrCheck& check,
                            const IrrLoadStats& loaded);

}  // namespace bgpsentry::wire
