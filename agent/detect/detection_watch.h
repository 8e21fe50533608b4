// Where the detection engine's time goes, seen from outside its thread. The engine marks
// each stage it enters (a monitor, the route table, the event book) in one word with a
// relaxed store; a watcher thread samples that word. A stage holding the engine on one
// update for a second or more (a costly path rule, a store that cannot write) shows in
// status while it lasts and is logged, and each stage's share of the busy samples says which
// monitor makes the engine fall behind. Per update this costs a store per stage, not a
// clock read: timing each monitor of each update would cost percents of the engine.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bgpsentry {

// The engine thread's marks. Stage 0 is idle; stages are numbered from 1, at most 255.
class DetectionProgress {
 public:
  explicit DetectionProgress(std::vector<std::string> stage_names)
      : names_(std::move(stage_names)) {}
  // Engine thread: a new piece of work (an update, a batch's flush) begins.
  void begin() { work_ += 1u << 8; }
  void enter(uint8_t stage) { word_.store(work_ | stage, std::memory_order_relaxed); }
  void idle() { word_.store(0, std::memory_order_relaxed); }
  // Any thread.
  uint64_t word() const { return word_.load(std::memory_order_relaxed); }
  const std::vector<std::string>& stage_names() const { return names_; }  // stage i+1

 private:
  const std::vector<std::string> names_;
  uint64_t work_ = 0;  // the engine thread's: a count of pieces of work, above the stage byte
  std::atomic<uint64_t> word_{0};
};

struct StageLoad {
  std::string name;
  double busy_share = 0;      // of the engine's busy samples since start
  uint64_t slow_updates = 0;  // pieces of work it held the engine on for kSlow or more
  uint64_t longest_ms = 0;    // the longest of those
};

struct DetectionLoad {
  std::string stalled_stage;  // held on one piece of work for kSlow or more now; "" if not
  uint64_t stalled_ms = 0;
  std::vector<StageLoad> stages;
};

class DetectionWatch {
 public:
  static constexpr std::chrono::milliseconds kPeriod{50};
  static constexpr std::chrono::milliseconds kSlow{1000};

  explicit DetectionWatch(const DetectionProgress& progress);
  ~DetectionWatch();
  void start();
  void stop();
  DetectionLoad load() const;
  // One sample (the watcher's, every kPeriod; tests call it directly).
  void sample();

 private:
  void run();
  // The piece of work sampled last is over (or changed): counted if it was slow.
  void end_stall();  // under mu_

  const DetectionProgress& progress_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<uint64_t> busy_samples_;  // per stage (index = stage)
  uint64_t all_busy_samples_ = 0;
  std::vector<uint64_t> slow_, longest_ms_;
  uint64_t last_word_ = 0;
  uint64_t same_samples_ = 0;  // consecutive samples of last_word_, beyond the first
  bool stall_logged_ = false;
  std::thread thread_;
};

}  // namespace bgpsentry
