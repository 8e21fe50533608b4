// A WebSocket client connection that stays up: resolves, reaches the server directly or
// through an HTTP proxy (CONNECT), speaks TLS with the server's name checked (wss://), does
// the WebSocket handshake, and when any of it fails or the connection drops, tries again with
// exponential backoff and jitter. Text frames come to a handler; messages to send are queued
// and paced (a burst, then a pause), one write in flight. Runs on the io_context it is given,
// and calls its handler there; every method must be called there too.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "agent/core/result.h"

namespace boost::asio {
class io_context;
}

namespace bgpsentry {

struct WebSocketClientOptions {
  std::string name;     // in logs
  std::string url;      // ws[s]://host[:port][/path]
  std::string client;   // non-empty: added as ?client= (RIS Live asks it of every client)
  std::string ca_file;  // wss://: trust these CAs instead of the system's
  std::string proxy;    // http://host:port: through this proxy (HTTP CONNECT); empty: direct
  std::chrono::milliseconds min_retry{1000};  // first reconnect delay; doubles up to max_retry
  std::chrono::milliseconds max_retry{60000};
  size_t max_frame = 4 << 20;  // a longer frame is an error: the connection is dropped
  size_t burst = 100;          // messages sent before a pause
  std::chrono::milliseconds burst_pause{20};
};

class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  // The handshake is done; what the server must get first can be sent now.
  virtual void on_connected() = 0;
  virtual void on_frame(std::string_view text) = 0;
  // Connecting failed or the connection was lost (`why`); the next try is in `retry_in`.
  // Messages not yet sent are dropped: on_connected sends again what the server must know.
  virtual void on_disconnected(const std::string& why, std::chrono::milliseconds retry_in) = 0;
};

class WebSocketClient {
 public:
  WebSocketClient(boost::asio::io_context& io, WebSocketClientOptions options,
                  WebSocketHandler& handler);
  ~WebSocketClient();

  // Checks the URL, the proxy and the CA file, then starts connecting. An error (nothing
  // started) when the URL or proxy cannot be used.
  Status start();
  // Queued; sent while connected (dropped when the connection is lost first).
  void send(std::string message);
  bool connected() const;
  // Closes the connection and stops retrying; no handler call follows.
  void shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bgpsentry
