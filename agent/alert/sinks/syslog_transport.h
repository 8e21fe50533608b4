// Where a syslog sink sends to, and the connection that carries its messages: UDP (one
// datagram each, RFC 5426), TCP with octet counting (RFC 6587), TLS (RFC 5425, the peer's
// certificate verified) or the local datagram socket (/dev/log).
#pragma once

#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "agent/core/result.h"

namespace bgpsentry {

struct SyslogAddress {
  enum class Kind { kUdp, kTcp, kTls, kUnix };
  Kind kind = Kind::kUdp;
  std::string host;  // network kinds
  uint16_t port = 0;
  std::string path;  // kUnix

  bool stream() const { return kind == Kind::kTcp || kind == Kind::kTls; }
  bool local() const { return kind == Kind::kUnix; }
};

// "udp://host:port", "tcp://host:port", "tls://host:port" ([v6]:port; the port defaults to
// 514, 6514 for TLS), "unix:///dev/log".
Result<SyslogAddress> parse_syslog_address(std::string_view text);

class SyslogConnection {
 public:
  // `ca_file`: the CAs a TLS peer's certificate must chain to (empty: the system's).
  SyslogConnection(SyslogAddress address, std::string ca_file, std::chrono::milliseconds timeout);
  ~SyslogConnection();
  SyslogConnection(const SyslogConnection&) = delete;
  SyslogConnection& operator=(const SyslogConnection&) = delete;

  // Sends one message, framed for the transport; connects first when needed. On failure
  // the connection is closed (the next send connects again).
  Status send(std::string_view message);
  void close();

 private:
  Status connect();
  Status connect_tls();
  bool peer_closed() const;
  Status write_all(std::string_view bytes);

  SyslogAddress address_;
  std::string ca_file_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

}  // namespace bgpsentry
