// The common face of every ingest source: started and stopped by main, observed by status.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace bgpsentry {

enum class SourceState : uint8_t {
  kStarting,
  kRunning,   // reading (file replay)
  kFinished,  // a file source read everything and the pipeline processed it
  kFailed,
  kStopped,
  kConnecting,  // live sources
  kConnected,
  kStale,
  kReconnecting,
  kDegraded,  // answers it cannot read (a changed schema): counted, retried
};

const char* to_string(SourceState state);

struct SourceStatus {
  std::string name;
  std::string type;
  SourceState state = SourceState::kStarting;
  uint64_t records = 0;       // container records (MRT records, messages) read
  uint64_t updates = 0;       // normalized updates published
  uint64_t parse_errors = 0;  // records that could not be decoded
  uint64_t skipped = 0;       // records of kinds this source does not decode
  uint64_t warnings = 0;      // records decoded with a repair (e.g. cut by the writer)
  int64_t last_update_time_us = 0;
  std::string last_error;
  std::string detail;  // e.g. the file being read
  // Live sources.
  uint64_t dropped = 0;  // updates shed under overload
  uint64_t reconnects = 0;
  double updates_per_second = 0;  // filled by the agent for status (SourceRates)
  struct Gap {
    int64_t from_us = 0, to_us = 0;  // to_us 0 while the outage lasts
    // Back-fill from MRT archives, when configured: waiting, running, done, partial,
    // skipped or failed; the archived updates stored; what happened, in words.
    std::string backfill;
    uint64_t backfilled = 0;
    std::string backfill_detail;
  };
  std::vector<Gap> gaps;  // the latest few
  // Polled sources (Radar): each endpoint polled, with its own progress.
  struct Endpoint {
    std::string name;  // "hijacks AS64512"
    int64_t last_poll_us = 0, next_poll_us = 0;
    uint64_t last_id = 0;
    uint64_t errors = 0;
    std::string last_error;
  };
  std::vector<Endpoint> endpoints;
};

class Source {
 public:
  virtual ~Source() = default;
  virtual void start() = 0;
  // Stop producing, without waiting: called on every source before the queues close, so
  // that none is left blocked on a full queue (a store that cannot write) and none reports
  // what the closed queues refuse as shed.
  virtual void request_stop() {}
  // Stops reading and joins; batches already published stay in the pipeline.
  virtual void stop() = 0;
  virtual SourceStatus status() const = 0;
};

// Thread-safe holder for a source's status.
class SourceStatusBoard {
 public:
  explicit SourceStatusBoard(SourceStatus initial) : status_(std::move(initial)) {}
  template <typename Fn>
  void update(Fn&& fn) {
    std::lock_guard lock(mu_);
    fn(status_);
  }
  SourceStatus snapshot() const {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  mutable std::mutex mu_;
  SourceStatus status_;
};

}  // namespace bgpsentry
