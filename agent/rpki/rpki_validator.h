// The VRPs in force: a VRP file (and optional SLURM file) loaded at start, reloaded when
// either file changes, handed to readers as an immutable VrpSet swapped atomically. A
// reload that fails keeps the previous set and logs why.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "agent/core/result.h"
#include "agent/rpki/vrp_set.h"

namespace bgpsentry {

struct RpkiOptions {
  std::string vrp_file;
  std::string slurm_file;  // optional
};

class RpkiValidator {
 public:
  explicit RpkiValidator(RpkiOptions options);
  ~RpkiValidator();

  // Loads both files; an error names the file and the entry.
  Status load();
  // Checks the files for changes every `interval` and reloads them.
  void start(std::chrono::milliseconds interval);
  void stop();

  std::shared_ptr<const VrpSet> vrps() const { return vrps_.load(); }
  // When the validator built the VRP file (its metadata), else when the file was last
  // written; Unix seconds.
  std::optional<int64_t> generated() const;
  uint64_t loads() const { return loads_.load(); }

 private:
  struct Stamp {
    int64_t mtime_ns = 0;
    uintmax_t size = 0;
    bool operator==(const Stamp&) const = default;
  };
  std::optional<Stamp> stamp_of(const std::string& path) const;
  void run(std::chrono::milliseconds interval);

  RpkiOptions options_;
  std::atomic<std::shared_ptr<const VrpSet>> vrps_;
  std::atomic<int64_t> generated_{INT64_MIN};
  std::atomic<uint64_t> loads_{0};
  std::optional<Stamp> vrp_stamp_, slurm_stamp_;  // of the files last loaded
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bgpsentry
