// The detection engine: one thread that owns all detector state, fed by a bounded queue.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "agent/core/update_batch.h"
#include "agent/detect/detector.h"

namespace bgpsentry {

class Engine {
 public:
  Engine(BatchQueue& in, std::vector<std::unique_ptr<Detector>> detectors, AlertEmitter& out);
  ~Engine();
  void start();
  // Returns once the input queue is closed and drained.
  void join();
  uint64_t updates_processed() const { return processed_.load(std::memory_order_relaxed); }

 private:
  void run();
  BatchQueue& in_;
  std::vector<std::unique_ptr<Detector>> detectors_;
  AlertEmitter& out_;
  std::atomic<uint64_t> processed_{0};
  std::thread thread_;
};

}  // namespace bgpsentry
