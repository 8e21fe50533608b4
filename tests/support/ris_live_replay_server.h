// A RIS Live server of our own on 127.0.0.1 (ws://, or wss:// with a certificate), for tests and
// benches: it accepts clients one at a time, records the request target and the subscriptions they
// send, and streams recorded messages (RIS Live JSON, e.g. `bgpctl mrt dump --ris-live` of an
// archive), with knobs to drop the connection, stall, send garbage or pace the feed. After a drop
// the next client gets the messages from where the last one stopped, or some later (lost). When all
// are sent the feed is quiet but alive: it answers a client's ping with a pong; a stalled one
// answers nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bgpsentry::test {

class RisLiveReplayServer {
 public:
  struct Knobs {
    size_t expect_subscriptions = 0;  // read this many messages from a client before sending
    size_t drop_after = SIZE_MAX;     // the first connection is cut after this many messages
    size_t lost_in_drop = 0;          // and the next starts this many messages later
    size_t stall_after = SIZE_MAX;    // stop sending (keep the connection) after this many
    size_t pause_before = SIZE_MAX;   // once, before this message, send nothing for pause_for
    std::chrono::milliseconds pause_for{0};
    std::vector<size_t> garbage_before = {};  // a frame that is not JSON before these messages
    size_t per_second = 0;  // pace the feed like a live one; 0: as fast as the client reads
    // Each message's "timestamp" becomes the time it is sent: an alert's last_seen then tells
    // when the message that raised it left the server (latency benches).
    bool stamp_now = false;
    // wss://: the server's certificate chain and key (PEM); empty: ws://.
    std::string tls_cert = {}, tls_key = {};
    int port = 0;  // listen on this port of 127.0.0.1; 0: a free one
  };

  RisLiveReplayServer(std::vector<std::string> messages, Knobs knobs);
  ~RisLiveReplayServer();
  RisLiveReplayServer(const RisLiveReplayServer&) = delete;
  RisLiveReplayServer& operator=(const RisLiveReplayServer&) = delete;

  int port() const { return port_; }
  std::string url() const {
    return std::string(knobs_.tls_cert.empty() ? "ws" : "wss") +
           "://127.0.0.1:" + std::to_string(port_) + "/v1/ws/";
  }
  size_t sent() const { return next_.load(); }
  int connections() const { return connections_.load(); }
  // Every message clients sent (subscriptions, unsubscriptions), in order; pings aside.
  std::vector<std::string> subscriptions() const;
  size_t pings() const { return pings_.load(); }
  std::string target() const;  // of the last connection's request

 private:
  void run();
  void serve(int fd);
  template <typename Stream>
  void speak(Stream next_layer, int fd);

  std::vector<std::string> messages_;
  Knobs knobs_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> client_{-1};
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> next_{0};
  std::atomic<int> connections_{0};
  std::atomic<size_t> pings_{0};
  bool paused_ = false;
  mutable std::mutex mu_;
  std::vector<std::string> subscriptions_;
  std::string target_;
  std::thread thread_;
};

}  // namespace bgpsentry::test
