// An RPKI-to-Router client (RFC 8210, falling back to RFC 6810's version 0): keeps the VRPs
// of one RTR cache (Routinator, StayRTR, FORT, rpki-client behind an RTR server) current,
// as a second VRP source beside files. Reset Query at start, Serial Query on the cache's
// Serial Notify and every refresh interval, Reset Query again after a Cache Reset or a
// delta that does not apply; reconnects with backoff; data older than the expire interval is
// dropped. Network I/O on its own Boost.Asio io_context thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "agent/rpki/vrp.h"

namespace bgpsentry {

struct RtrOptions {
  std::string host;
  std::string port = "323";  // IANA's rpki-rtr port
  // First reconnect delay after a failure; doubles up to the cache's retry interval.
  std::chrono::milliseconds min_retry{1000};
};

struct RtrStatus {
  enum class State : uint8_t { kConnecting, kConnected, kReconnecting, kStopped };
  State state = State::kConnecting;
  uint8_t version = 0;  // spoken with the cache
  uint16_t session = 0;
  uint32_t serial = 0;
  bool has_data = false;
  size_t vrps = 0;
  uint64_t pdus = 0;
  uint64_t errors = 0;         // connections ended by an error
  int64_t last_update_us = 0;  // wall clock of the last End of Data
  std::string last_error;
};
const char* to_string(RtrStatus::State state);

class RtrClient {
 public:
  // Called on the client's thread with the cache's whole current set (sorted, unique) after
  // each End of Data, and with null when the data expired.
  using OnData = std::function<void(std::shared_ptr<const std::vector<Vrp>>)>;

  RtrClient(RtrOptions options, OnData on_data);
  ~RtrClient();
  void start();
  void stop();
  RtrStatus status() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
};

}  // namespace bgpsentry
