// Replays files (MRT archives, RIS Live recordings; globs or archive directories, in the
// time order their names carry) into the pipeline, through its filters, saving a cursor
// with every batch so that a restart resumes where the store and the engine left off. What a file
// holds is read by the UpdateFileReader the source is given a factory for.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "agent/core/update_batch.h"
#include "agent/core/update_filter.h"
#include "agent/ingest/byte_stream.h"
#include "agent/ingest/source.h"
#include "agent/ingest/update_file_reader.h"

namespace bgpsentry {

struct FileReplayOptions {
  std::string type = "mrt";  // in status, logs and cursor keys ("mrt/<name>/<file>")
  std::string name = "mrt";
  std::vector<std::string> paths;  // files, directories or glob patterns, already absolute
  UpdateFilter filter;             // what to publish; its time window also selects files
  size_t batch_size = 4096;        // updates per published batch
};

// Opens a reader over one file's bytes; `path` for messages, `source` stamped on updates,
// `on_error` told of each damaged record.
using UpdateFileReaderFactory = std::function<std::unique_ptr<UpdateFileReader>(
    std::unique_ptr<ByteStream> stream, const std::string& path, const std::string& source,
    std::function<void(const std::string&)> on_error)>;

class FileReplaySource : public Source {
 public:
  // Publishes into `out` from its own thread; reads where the store is in each file from
  // `cursors` and where the engine is from `judged` (null: where the store is).
  FileReplaySource(FileReplayOptions options, UpdateFileReaderFactory readers, UpdateSinkQueues out,
                   const CursorReader& cursors, const CursorReader* judged = nullptr);
  ~FileReplaySource() override;

  void start() override;
  void request_stop() override { stopping_ = true; }
  void stop() override;
  SourceStatus status() const override { return board_.snapshot(); }

 private:
  // Which consumers a batch goes to: the store, the engine, and whether the engine judges
  // it (not when it judged it before a crash: then it only applies it to its route table).
  struct Route {
    bool store, engine, judge;
    bool operator==(const Route&) const = default;
  };
  static constexpr Route kBoth{true, true, true};
  void run();
  bool replay_file(const std::string& path);
  bool publish(std::vector<Update>& updates, std::optional<SourceCursor> cursor,
               std::shared_ptr<CompletionToken> completion = nullptr, Route route = kBoth);

  FileReplayOptions options_;
  UpdateFileReaderFactory readers_;
  UpdateSinkQueues out_;
  const CursorReader& cursors_;
  const CursorReader* judged_;
  SourceStatusBoard board_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace bgpsentry
