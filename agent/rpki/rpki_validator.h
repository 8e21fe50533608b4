// The VRPs in force: a VRP file and/or an RTR cache (their union), with an optional SLURM
// file applied, handed to readers as an immutable VrpSet swapped atomically. Files are
// loaded at start and reloaded when they change; a reload that fails keeps the previous set
// and logs why. The RTR client replaces its part after every update from the cache.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "agent/core/file_stamp.h"
#include "agent/core/result.h"
#include "agent/rpki/rtr_client.h"
#include "agent/rpki/slurm.h"
#include "agent/rpki/vrp_set.h"

namespace bgpsentry {

struct RpkiOptions {
  std::string vrp_file;    // optional when rtr is set
  std::string slurm_file;  // optional
  std::optional<RtrOptions> rtr = std::nullopt;
};

class RpkiValidator {
 public:
  explicit RpkiValidator(RpkiOptions options);
  ~RpkiValidator();

  // Loads the files; an error names the file and the entry.
  Status load();
  // Checks the files for changes every `interval` and reloads them; connects to the RTR
  // cache.
  void start(std::chrono::milliseconds interval);
  void stop();
  // Null without an RTR cache configured.
  std::optional<RtrStatus> rtr_status() const;
  // Waits until the RTR cache delivered its first set; false after `timeout`. Lets the
  // agent start validating with data rather than with an empty set.
  bool wait_for_rtr(std::chrono::milliseconds timeout);

  std::shared_ptr<const VrpSet> vrps() const { return vrps_.load(); }
  // When the VRPs were last known fresh, Unix seconds: the VRP file's build time (its
  // metadata), else when the file was last written; the RTR cache's last update; the newer.
  std::optional<int64_t> generated() const;
  uint64_t loads() const { return loads_.load(); }

 private:
  void run(std::chrono::milliseconds interval);
  // Rebuilds the set in force from the file's VRPs, the cache's and SLURM.
  void publish(const char* why);

  RpkiOptions options_;
  std::mutex sources_mu_;  // the parts below, written by the file and RTR threads
  std::vector<Vrp> file_vrps_;
  std::shared_ptr<const std::vector<Vrp>> rtr_vrps_;
  std::optional<Slurm> slurm_;
  std::atomic<int64_t> rtr_updated_{INT64_MIN};
  std::unique_ptr<RtrClient> rtr_;
  std::atomic<std::shared_ptr<const VrpSet>> vrps_;
  std::atomic<int64_t> generated_{INT64_MIN};
  std::atomic<uint64_t> loads_{0};
  std::optional<FileStamp> vrp_stamp_, slurm_stamp_;  // of the files last loaded
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bgpsentry
