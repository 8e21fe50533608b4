// Prometheus' scrape endpoint: GET /metrics over plain HTTP on a loopback address (the
// config refuses any other: the numbers are for the machine's own Prometheus or a proxy in
// front of it). Its own io_context thread; one request per connection, 5 s to send it,
// headers at most 8 kB; anything but GET/HEAD /metrics is answered 404 or 405.
#pragma once

#include <utility>  // before Boost.Asio 1.74, whose awaitable.hpp uses std::exchange

#include <boost/asio.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "agent/core/result.h"

namespace bgpsentry {

class MetricsServer {
 public:
  // `render`: the exposition text, built on this server's thread for each scrape.
  MetricsServer(std::string listen, std::function<std::string()> render);
  ~MetricsServer();
  Status start();
  void stop();
  uint16_t port() const { return port_; }  // once started (a port 0 in the config is chosen)

 private:
  void accept();

  std::string listen_;
  std::function<std::string()> render_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::thread thread_;
  uint16_t port_ = 0;
};

}  // namespace bgpsentry
