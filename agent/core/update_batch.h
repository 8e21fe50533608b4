// What sources publish: a batch of updates plus the source cursor reached after it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/core/bounded_queue.h"
#include "agent/core/update.h"

namespace bgpsentry {

// Runs a callback once every holder of the token has let go: a source hands one to the
// store writer and the engine with its last batch, and learns when both have processed it.
class CompletionToken {
 public:
  explicit CompletionToken(std::function<void()> on_done) : on_done_(std::move(on_done)) {}
  ~CompletionToken() {
    if (on_done_) on_done_();
  }
  CompletionToken(const CompletionToken&) = delete;
  CompletionToken& operator=(const CompletionToken&) = delete;

 private:
  std::function<void()> on_done_;
};

struct SourceCursor {
  std::string key;    // e.g. "mrt/<source>/<file>"
  std::string value;  // source-defined position, stored atomically with the batch
};

struct UpdateBatch {
  std::vector<Update> updates;
  std::optional<SourceCursor> cursor;
  std::shared_ptr<CompletionToken> completion;
  // Judged before a crash, but not stored then (read again for the store): the engine
  // applies it to its route table, to be current, and judges it no second time.
  bool table_only = false;
  // A change to detection state (a config change), run by the engine in stream order in
  // place of updates: the updates before it are judged by the old rules, those after it by
  // the new ones.
  std::function<void()> engine_task;
};

using BatchPtr = std::shared_ptr<const UpdateBatch>;
// A batch weighs its updates: a queue holds as much work whatever the batch sizes (a live
// feed hands on small batches when quiet, full ones under a flood).
struct BatchWeight {
  size_t operator()(const BatchPtr& b) const { return b->updates.empty() ? 1 : b->updates.size(); }
};
using BatchQueue = BoundedQueue<BatchPtr, BatchWeight>;

// Reads the cursor a source saved last time (implemented by storage).
class CursorReader {
 public:
  virtual ~CursorReader() = default;
  virtual std::optional<std::string> read_cursor(const std::string& key) const = 0;
};

// Where sources publish: every batch reaches both the store writer and the engine.
class UpdateSinkQueues {
 public:
  UpdateSinkQueues(BatchQueue& store, BatchQueue& engine) : store_(store), engine_(engine) {}
  // Blocks while a consumer it goes to is behind (file replays). A file read again after a
  // crash hands what the store holds to the engine only, what the engine judged to the
  // store only. False once shut down.
  bool publish(BatchPtr batch, bool to_store = true, bool to_engine = true) {
    if (to_store && !store_.push(batch)) return false;
    return !to_engine || engine_.push(std::move(batch));
  }
  // Never blocks (live feeds): how many of the two consumers took it (0, 1 or 2); the
  // caller counts what was shed.
  int try_publish(const BatchPtr& batch) {
    return static_cast<int>(store_.try_push(batch)) + static_cast<int>(engine_.try_push(batch));
  }
  // Parts of publish() for a producer that orders its batches against a live feed's (a
  // gap's back-fill): the store takes every batch (blocking); the engine one when it has
  // room to spare, which the producer waits for before it takes its lock.
  bool publish_to_store(BatchPtr batch) { return store_.push(std::move(batch)); }
  bool wait_for_engine_room() { return engine_.wait_until_at_most(engine_.capacity() / 2); }
  bool try_publish_to_engine(BatchPtr batch) { return engine_.try_push(std::move(batch)); }
  // Whether detection has batches waiting (a live source then lets its batch fill).
  bool engine_busy() const { return engine_.depth() > 0; }

 private:
  BatchQueue& store_;
  BatchQueue& engine_;
};

}  // namespace bgpsentry
