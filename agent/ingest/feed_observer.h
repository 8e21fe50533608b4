// How a live source reports trouble with its feed beyond its status: an outage (no data:
// disconnected or stale) or updates shed under overload, when it starts and when it ends.
// Called on the source's own thread; the observer must be thread-safe and must not block
// for long (the socket waits).
#pragma once

#include <cstdint>
#include <string>

namespace bgpsentry {

enum class FeedProblem : uint8_t {
  kOutage,    // no data: the connection is down or the feed went quiet (a gap)
  kOverload,  // the pipeline could not keep up: updates were shed
  // The agent's store could not write (a full disk): updates were held, not stored. Its
  // "source" is "store".
  kStoreWrites,
};

class FeedObserver {
 public:
  virtual ~FeedObserver() = default;
  // `detail`: why, in words ("disconnected: …", "no message for 60 s", "1,024 updates shed").
  virtual void feed_problem_started(const std::string& source, FeedProblem problem,
                                    int64_t since_us, const std::string& detail) = 0;
  virtual void feed_problem_ended(const std::string& source, FeedProblem problem, int64_t at_us,
                                  const std::string& detail) = 0;
};

}  // namespace bgpsentry
