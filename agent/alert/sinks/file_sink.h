// Appends one JSON object per line (the API's JSON mapping) to a file, synced per batch.
#pragma once

#include "agent/alert/alert_sink.h"
#include "agent/alert/sinks/sink_type.h"

namespace bgpsentry {

class FileSink : public AlertSink {
 public:
  FileSink(std::string name, std::string path);
  ~FileSink() override;
  const std::string& name() const override { return name_; }
  Status deliver(const std::vector<Alert>& alerts) override;

 private:
  std::string name_, path_;
  int fd_ = -1;
};

// `type: file`: {path}.
struct FileSinkSettings {
  std::string path;  // absolute
};
SinkType file_sink_type();

}  // namespace bgpsentry
