// An HTTP proxy the tests go through: Debian's tinyproxy on 127.0.0.1.
#pragma once

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "tests/test_env.h"

namespace bgpsentry::test {

// Debian's tinyproxy on 127.0.0.1, CONNECT allowed to `connect_port` only (0: any port).
class Tinyproxy {
 public:
  Tinyproxy(const TempDir& dir, int connect_port) : port_(free_loopback_port()) {
    std::ofstream conf(dir / "tinyproxy.conf");
    conf << "Port " << port_ << "\nListen 127.0.0.1\nTimeout 60\nAllow 127.0.0.1\n"
         << "MaxClients 20\nLogLevel Connect\nPidFile \"" << (dir / "tinyproxy.pid") << "\"\n";
    if (connect_port) conf << "ConnectPort " << connect_port << "\n";
    conf.close();
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{tinyproxy_path(), "-d", "-c", dir / "tinyproxy.conf"},
        dir / "tinyproxy.log");
    for (int i = 0; i < 100 && !loopback_port_open(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace bgpsentry::test
