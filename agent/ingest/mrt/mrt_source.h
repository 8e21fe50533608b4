// Replays MRT files (globs, in time order) into the pipeline, saving a cursor with every
// batch so that a restart resumes where the store left off.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "agent/core/update_batch.h"
#include "agent/ingest/source.h"

namespace bgpsentry {

struct MrtSourceOptions {
  std::string name = "mrt";
  std::vector<std::string> paths;  // files or glob patterns, already absolute
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

  // Expands globs and orders the files by the time in their names (RIS/RouteViews style
  // "updates.20080224.1839"), falling back to the name.
  static std::vector<std::string> expand_in_time_order(const std::vector<std::string>& patterns);

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
