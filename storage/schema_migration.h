// Brings a store written by an older schema up to the current one, in place.
#pragma once

#include <rocksdb/write_batch.h>

#include <string>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"
#include "storage/database.h"

namespace bgpsentry {

// Runs every step from `from_version` to Database::kSchemaVersion. Each step is idempotent,
// so a migration cut short by a crash is simply run again at the next open.
Status migrate_schema(Database& db, int from_version);

// Origin index keys of one stored update: one per origin AS, several for an AS_SET, none
// for a withdrawal.
void origin_index_keys(const Update& update, const std::string& prefix_key,
                       std::vector<std::string>& out);

}  // namespace bgpsentry
