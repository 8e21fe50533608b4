#include "agent/alert/sinks/syslog_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace bgpsentry {

Result<SyslogAddress> parse_syslog_address(std::string_view text) {
  SyslogAddress a;
  const size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    return Error{"expected udp://host:port, tcp://host:port, tls://host:port or unix:///path"};
  const std::string_view scheme = text.substr(0, scheme_end);
  std::string_view rest = text.substr(scheme_end + 3);
  if (scheme == "unix") {
    if (rest.empty() || rest.front() != '/') return Error{"unix:// needs an absolute path"};
    if (rest.size() >= sizeof(sockaddr_un::sun_path)) return Error{"unix socket path too long"};
    a.kind = SyslogAddress::Kind::kUnix;
    a.path = std::string(rest);
    return a;
  }
  if (scheme == "udp") {
    a.kind = SyslogAddress::Kind::kUdp;
  } else if (scheme == "tcp") {
    a.kind = SyslogAddress::Kind::kTcp;
  } else if (scheme == "tls") {
    a.kind = SyslogAddress::Kind::kTls;
  } else {
    return Error{"unknown scheme " + std::string(scheme) + ": udp, tcp, tls or unix"};
  }
  a.port = a.kind == SyslogAddress::Kind::kTls ? 6514 : 514;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {  // [v6]:port
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return Error{"unclosed [ in the address"};
    a.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return Error{"expected :port after ]"};
      port = rest.substr(1);
    }
  } else {
    const size_t colon = rest.rfind(':');
    a.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port = rest.substr(colon + 1);
  }
  if (a.host.empty()) return Error{"missing host"};
  if (a.host.find('/') != std::string::npos) return Error{"a syslog address has no path"};
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      return Error{"bad port " + std::string(port)};
    a.port = static_cast<uint16_t>(value);
  }
  return a;
}

SyslogConnection::SyslogConnection(SyslogAddress address, std::string ca_file,
                                   std::chrono::milliseconds timeout)
    : address_(std::move(address)), ca_file_(std::move(ca_file)), timeout_(timeout) {}

SyslogConnection::~SyslogConnection() {
  close();
}

void SyslogConnection::close() {
  if (ssl_) {
    SSL_shutdown(ssl_);  // best effort: the peer may be gone
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (ctx_) SSL_CTX_free(ctx_);
  ctx_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

std::string ssl_error_text() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (!e) return "TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

// Waits for `events` on `fd` up to `timeout`; false on a timeout or error.
bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  int n;
  do {
    n = ::poll(&p, 1, static_cast<int>(timeout.count()));
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

}  // namespace

Status SyslogConnection::connect() {
  close();
  const std::string where =
      address_.local() ? address_.path : address_.host + ":" + std::to_string(address_.port);
  if (address_.local()) {
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, address_.path.c_str(), address_.path.size());
    // /dev/log is a datagram socket on Linux; some systems make it a stream.
    for (int type : {SOCK_DGRAM, SOCK_STREAM}) {
      fd_ = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
      if (fd_ < 0) return Error{"socket: " + errno_text()};
      if (::connect(fd_, reinterpret_cast<sockaddr*>(&sun), sizeof sun) == 0) break;
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      if (err != EPROTOTYPE) return Error{"cannot connect to " + where + ": " + std::strerror(err)};
    }
    if (fd_ < 0) return Error{"cannot connect to " + where};
  } else {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = address_.kind == SyslogAddress::Kind::kUdp ? SOCK_DGRAM : SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(address_.port);
    if (int rc = ::getaddrinfo(address_.host.c_str(), port.c_str(), &hints, &found); rc != 0)
      return Error{"cannot resolve " + address_.host + ": " + gai_strerror(rc)};
    std::string last_error = "no address";
    for (addrinfo* ai = found; ai && fd_ < 0; ai = ai->ai_next) {
      fd_ = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      if (fd_ < 0) continue;
      // Bounded connect: non-blocking, then wait for writability.
      int rc = ::connect(fd_, ai->ai_addr, ai->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS) {
        int err = ETIMEDOUT;
        socklen_t len = sizeof err;
        if (wait_for(fd_, POLLOUT, timeout_)) ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
        rc = err == 0 ? 0 : -1;
        errno = err;
      }
      if (rc != 0) {
        last_error = errno_text();
        ::close(fd_);
        fd_ = -1;
      }
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) return Error{"cannot connect to " + where + ": " + last_error};
  }
  // Blocking from here, with timeouts: a peer that stops reading fails the send in time.
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
  timeval tv{static_cast<time_t>(timeout_.count() / 1000),
             static_cast<suseconds_t>(timeout_.count() % 1000 * 1000)};
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (address_.kind == SyslogAddress::Kind::kTls) {
    if (auto st = connect_tls(); !st) {
      close();
      return Error{"TLS with " + where + ": " + st.error()};
    }
  }
  return ok_status();
}

Status SyslogConnection::connect_tls() {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (!ctx_) return Error{ssl_error_text()};
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  const int loaded = ca_file_.empty()
                         ? SSL_CTX_set_default_verify_paths(ctx_)
                         : SSL_CTX_load_verify_locations(ctx_, ca_file_.c_str(), nullptr);
  if (loaded != 1) return Error{"cannot load CA certificates: " + ssl_error_text()};
  ssl_ = SSL_new(ctx_);
  if (!ssl_) return Error{ssl_error_text()};
  SSL_set_fd(ssl_, fd_);
  // The certificate must name the host we were told: a name (with SNI) or an address.
  in6_addr ip{};
  const bool is_ip = ::inet_pton(AF_INET, address_.host.c_str(), &ip) == 1 ||
                     ::inet_pton(AF_INET6, address_.host.c_str(), &ip) == 1;
  if (is_ip) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), address_.host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl_, address_.host.c_str());
    SSL_set1_host(ssl_, address_.host.c_str());
  }
  if (SSL_connect(ssl_) != 1) {
    const long verify = SSL_get_verify_result(ssl_);
    if (verify != X509_V_OK)
      return Error{std::string("certificate not trusted: ") +
                   X509_verify_cert_error_string(verify)};
    return Error{"handshake failed: " + ssl_error_text()};
  }
  return ok_status();
}

// A syslog server never writes: anything readable on a stream is its close (or a TLS alert
// before it), so the next message goes on a new connection instead of into the void.
bool SyslogConnection::peer_closed() const {
  if (!address_.stream() || fd_ < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

Status SyslogConnection::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    if (ssl_) {
      const int n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
      if (n <= 0) return Error{"TLS write failed: " + ssl_error_text()};
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return Error{errno == EAGAIN ? std::string("the receiver stopped reading") : errno_text()};
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return ok_status();
}

Status SyslogConnection::send(std::string_view message) {
  if (peer_closed()) close();
  if (fd_ < 0)
    if (auto st = connect(); !st) return st;
  Status sent = ok_status();
  if (address_.stream()) {
    // Octet counting (RFC 6587 3.4.1, RFC 5425 4.3): "LEN SP MSG".
    std::string framed = std::to_string(message.size()) + " ";
    framed.append(message);
    sent = write_all(framed);
  } else {
    const ssize_t n = ::send(fd_, message.data(), message.size(), MSG_NOSIGNAL);
    if (n != static_cast<ssize_t>(message.size()))
      sent = Error{n < 0 ? errno_text() : std::string("datagram cut short")};
  }
  if (!sent) {
    close();
    const std::string where =
        address_.local() ? address_.path : address_.host + ":" + std::to_string(address_.port);
    return Error{"cannot send to " + where + ": " + sent.error()};
  }
  return ok_status();
}

}  // namespace bgpsentry
