// The detection engine: one thread that owns all detection state (route table, detectors,
// event book, through the pipeline), fed by a bounded queue.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

#include "agent/core/update_batch.h"
#include "agent/detect/detection_pipeline.h"

namespace bgpsentry {

class Engine {
 public:
  // `on_judged`, if set, is told of each batch once it is judged and what it raised stored
  // (the engine's cursor, storage/judged_cursors.h).
  Engine(BatchQueue& in, DetectionPipeline& pipeline,
         std::function<void(const UpdateBatch&)> on_judged = nullptr);
  ~Engine();
  void start();
  // Returns once the input queue is closed and drained.
  void join();
  // Runs `task` on the engine thread after the updates queued before it (blocks while the
  // queue is full). False once the queue is closed.
  bool post(std::function<void()> task);
  uint64_t updates_processed() const { return processed_.load(std::memory_order_relaxed); }
  // Where the engine's time goes, and a stage holding it up now.
  DetectionLoad load() const { return watch_.load(); }

 private:
  void run();
  BatchQueue& in_;
  DetectionPipeline& pipeline_;
  std::function<void(const UpdateBatch&)> on_judged_;
  DetectionWatch watch_;
  std::atomic<uint64_t> processed_{0};
  std::thread thread_;
};

}  // namespace bgpsentry
