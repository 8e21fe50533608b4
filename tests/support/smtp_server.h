// The SMTP server the email tests send to, and what it accepted.
#pragma once

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_env.h"

namespace bgpsentry::test {

// tests/support/smtp_server.py (Debian's python3-aiosmtpd) on 127.0.0.1: STARTTLS, or TLS
// from the first byte, and AUTH as bgp / s3cret; server.pem from make_test_pki in `dir`.
class SmtpServer {
 public:
  SmtpServer(const TempDir& dir, bool implicit_tls) : dir_(dir), port_(free_loopback_port()) {
    std::vector<std::string> argv = {python3_path(), source_dir() + "/tests/support/smtp_server.py",
                                     "--port",       std::to_string(port_),
                                     "--cert",       dir / "server.pem",
                                     "--key",        dir / "server.key",
                                     "--log",        dir / "mail.jsonl"};
    if (implicit_tls) argv.push_back("--implicit-tls");
    process_ = std::make_unique<ChildProcess>(argv, dir / "smtp_server.out");
    for (int i = 0; i < 200 && !loopback_port_open(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::string url(const std::string& scheme) const {
    return scheme + "://127.0.0.1:" + std::to_string(port_);
  }
  // Each accepted message: {user, from, to, message} as one JSON line.
  std::vector<std::string> records() const {
    std::vector<std::string> out;
    std::istringstream in(read_file(dir_ / "mail.jsonl"));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  std::string log() const { return read_file(dir_ / "smtp_server.out"); }

 private:
  const TempDir& dir_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace bgpsentry::test
