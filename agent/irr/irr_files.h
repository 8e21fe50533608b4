// The IRR dumps bgpsentry.yml names (irr.files), loaded at start and reloaded when one
// changes; readers get the database in force as an immutable snapshot. A reload that fails
// (a file gone or cut short) keeps what was loaded before and says why.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agent/core/file_stamp.h"
#include "agent/core/result.h"
#include "agent/irr/irr_database.h"

namespace bgpsentry {

struct IrrStatus {
  std::vector<std::string> files;
  IrrLoadStats loaded;  // of the database in force
  uint64_t loads = 0;
  std::string last_error;  // of the last failed reload; empty after a success
  // Monitored prefixes whose configured origins disagree with the dumps (filled by the
  // agent, which knows the prefixes).
  std::vector<std::string> disagreements;
};

class IrrFiles {
 public:
  explicit IrrFiles(std::vector<std::string> files);
  ~IrrFiles();

  Status load();
  // Checks the files for changes every `interval` and reloads them; `on_change` (optional)
  // is called on that thread after each successful reload.
  void start(std::chrono::milliseconds interval,
             std::function<void(std::shared_ptr<const IrrDatabase>)> on_change = {});
  void stop();

  std::shared_ptr<const IrrDatabase> current() const { return db_.load(); }
  IrrStatus status() const;

 private:
  std::vector<std::optional<FileStamp>> stamps() const;
  void run(std::chrono::milliseconds interval);

  const std::vector<std::string> files_;
  std::atomic<std::shared_ptr<const IrrDatabase>> db_;
  std::function<void(std::shared_ptr<const IrrDatabase>)> on_change_;
  mutable std::mutex mu_;                         // the fields below
  std::vector<std::optional<FileStamp>> stamps_;  // of the files last loaded
  uint64_t loads_ = 0;
  std::string last_error_;
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace bgpsentry
