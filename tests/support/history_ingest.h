// Stores a whole MRT file the way the agent does: batches of 4,096 with a cursor each.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "storage/history_store.h"

namespace bgpsentry::test {

inline void ingest_file(HistoryStore& store, const std::string& path) {
  auto stream = open_byte_stream(path);
  ASSERT_TRUE(stream);
  MrtFileReader reader(std::move(*stream), path, "mrt", nullptr, nullptr);
  UpdateBatch batch;
  while (reader.next(batch.updates)) {
    if (batch.updates.size() >= 4096) {
      batch.cursor = SourceCursor{"mrt/test/" + path, std::to_string(reader.offset())};
      ASSERT_TRUE(store.write(batch));
      batch.updates.clear();
    }
  }
  batch.cursor = SourceCursor{"mrt/test/" + path, "done"};
  ASSERT_TRUE(store.write(batch));
}

}  // namespace bgpsentry::test
