// Brings a store written by an older schema up to the current one, in place.
#pragma once

#include <rocksdb/write_batch.h>

#include <string>
#include <vector>

#include "agent/core/result.h"
#include "agent/core/update.h"
#include "storage/database.h"
#include "storage/update_bucket.h"

namespace bgpsentry {

// Runs every step from `from_version` to Database::kSchemaVersion. Each step is idempotent,
// so a migration cut short by a crash is simply run again at the next open.
Status migrate_schema(Database& db, int from_version);

// The origin index entries of one stored update, for the writer and the migration alike:
// fn(origin AS, hour) for each origin (each member of an AS_SET; a repeated member twice),
// none for a withdrawal. The hour is the one of the update's bucket.
template <typename Fn>
void for_each_origin_entry(const Update& u, Fn&& fn) {
  if ((u.kind != UpdateKind::kAnnounce && u.kind != UpdateKind::kRibEntry) || !u.attrs) return;
  const auto hour = static_cast<uint32_t>(codec::bucket_of(u.time_us));
  for (uint32_t asn : u.attrs->as_path.origins()) fn(asn, hour);
}

}  // namespace bgpsentry
