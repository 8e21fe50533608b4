// Each source's update rate for status: updates per second over the last minute (or since
// the agent started), from the counts seen at each status call. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace bgpsentry {

class SourceRates {
 public:
  explicit SourceRates(int64_t started_us) : started_us_(started_us) {}

  double rate(const std::string& source, uint64_t updates, int64_t now_us) {
    std::lock_guard lock(mu_);
    auto& samples = samples_[source];
    if (samples.empty()) samples.push_back({started_us_, 0});
    if (now_us - samples.back().time_us >= kSampleUs) samples.push_back({now_us, updates});
    // Keep a minute of samples, and always one at least a second old to measure from.
    while (samples.size() > 2 && now_us - samples[1].time_us >= kWindowUs) samples.pop_front();
    const auto& from = samples.front();
    const int64_t dt = now_us - from.time_us;
    if (dt <= 0 || updates < from.updates) return 0;
    return static_cast<double>(updates - from.updates) * 1e6 / static_cast<double>(dt);
  }

 private:
  static constexpr int64_t kSampleUs = 1'000000;
  static constexpr int64_t kWindowUs = 60'000000;
  struct Sample {
    int64_t time_us;
    uint64_t updates;
  };
  const int64_t started_us_;
  std::mutex mu_;
  std::map<std::string, std::deque<Sample>> samples_;
};

}  // namespace bgpsentry
