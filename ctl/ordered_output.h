// Runs one job per input on worker threads and writes their output in input order, so
// files decode in parallel while the output reads as if they were done one after another.
#pragma once

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace bgpctl {

class OrderedOutput {
 public:
  // A job writes through `emit`, in chunks; the chunks of job i reach `out` after all of
  // job i-1's. Chunks of jobs not yet at the head are held in memory, up to a limit past
  // which their workers wait (the head's worker never waits, so the run always advances).
  using Emit = std::function<void(std::string&& chunk)>;
  using Job = std::function<void(size_t index, const Emit& emit)>;

  OrderedOutput(size_t jobs, unsigned threads, FILE* out, size_t max_held_bytes = 256u << 20);
  // Runs every job; returns false if writing to `out` failed (e.g. a closed pipe).
  bool run(const Job& job);

 private:
  struct Slot {
    std::deque<std::string> chunks;
    bool done = false;
  };
  void emit(size_t index, std::string&& chunk);

  std::vector<Slot> slots_;
  unsigned threads_;
  FILE* out_;
  size_t max_held_;
  size_t held_ = 0;
  size_t head_ = 0;
  std::mutex mu_;
  std::condition_variable changed_;
};

}  // namespace bgpctl
