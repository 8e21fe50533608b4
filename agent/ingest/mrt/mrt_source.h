// Replays MRT files (globs or archive directories, in time order) into the pipeline,
// through its filters, saving a cursor with every batch so that a restart resumes where
// the store left off.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "agent/core/update_batch.h"
#include "agent/core/update_filter.h"
#include "agent/ingest/source.h"

namespace bgpsentry {

struct MrtSourceOptions {
  std::string name = "mrt";
  std::vector<std::string> paths;  // files, directories or glob patterns, already absolute
  UpdateFilter filter;             // what to publish; its time window also selects files
  size_t batch_size = 4096;        // updates per published batch
};

class MrtSource : public Source {
 public:
  // Publishes into `out` from its own thread; reads its resume cursors from `cursors`.
  MrtSource(MrtSourceOptions options, UpdateSinkQueues out, const CursorReader& cursors);
  ~MrtSource() override;

  void start() override;
  void stop() override;
  SourceStatus status() const override { return board_.snapshot(); }

 private:
  void run();
  bool replay_file(const std::string& path);
  bool publish(std::vector<Update>& updates, std::optional<SourceCursor> cursor,
               std::shared_ptr<CompletionToken> completion = nullptr);

  MrtSourceOptions options_;
  UpdateSinkQueues out_;
  const CursorReader& cursors_;
  SourceStatusBoard board_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace bgpsentry
