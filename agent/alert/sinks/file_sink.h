// Appends one JSON object per line (the API's JSON mapping) to a file, synced per batch;
// rotates it by size (path.1 … path.KEEP, the oldest dropped) and opens it again by name
// after reopen() (logrotate's convention). A file it creates is mode 0640.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>

#include "agent/alert/alert_sink.h"
#include "agent/alert/sinks/sink_type.h"

namespace bgpsentry {

// `type: file`: {path, rotate: {max_bytes, keep}}.
struct FileSinkSettings {
  std::string path;               // absolute
  uint64_t rotate_max_bytes = 0;  // 0: never rotated
  int rotate_keep = 10;           // rotated files kept
};

class FileSink : public AlertSink {
 public:
  FileSink(std::string name, FileSinkSettings settings);
  ~FileSink() override;
  const std::string& name() const override { return name_; }
  Status deliver(const std::vector<Alert>& alerts) override;
  void reopen() override { reopen_ = true; }

 private:
  Status open_file();
  Status rotate();
  void close_file();

  std::string name_;
  FileSinkSettings settings_;
  int fd_ = -1;
  off_t size_ = 0;  // of the open file
  std::atomic<bool> reopen_{false};
};

SinkType file_sink_type();

}  // namespace bgpsentry
