#include "tests/support/ris_live_replay_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

// Before Boost 1.74's asio, which uses std::exchange without including it.
#include <utility>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <stdexcept>

namespace bgpsentry::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

RisLiveReplayServer::RisLiveReplayServer(std::vector<std::string> messages, Knobs knobs)
    : messages_(std::move(messages)), knobs_(std::move(knobs)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(knobs_.port));
  socklen_t len = sizeof addr;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 8) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("RIS Live replay server: cannot listen on 127.0.0.1");
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

RisLiveReplayServer::~RisLiveReplayServer() {
  stopping_ = true;
  ::shutdown(listener_, SHUT_RDWR);
  if (const int fd = client_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
  thread_.join();
  ::close(listener_);
}

std::vector<std::string> RisLiveReplayServer::subscriptions() const {
  std::lock_guard lock(mu_);
  return subscriptions_;
}

std::string RisLiveReplayServer::target() const {
  std::lock_guard lock(mu_);
  return target_;
}

void RisLiveReplayServer::run() {
  while (!stopping_) {
    const int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    client_ = fd;
    ++connections_;
    try {
      serve(fd);
    } catch (const std::exception&) {
      // The client went away or the test is stopping: wait for the next one.
    }
    client_ = -1;
  }
}

void RisLiveReplayServer::serve(int fd) {
  asio::io_context io;
  tcp::socket socket(io, tcp::v4(), fd);
  // Each message leaves when written, as from a live feed (no Nagle coalescing them).
  socket.set_option(tcp::no_delay(true));
  if (knobs_.tls_cert.empty()) return speak(std::move(socket), fd);
  ssl::context tls(ssl::context::tls_server);
  tls.use_certificate_chain_file(knobs_.tls_cert);
  tls.use_private_key_file(knobs_.tls_key, ssl::context::pem);
  beast::ssl_stream<tcp::socket> stream(std::move(socket), tls);
  stream.handshake(ssl::stream_base::server);  // a client that refuses us throws here
  speak(std::move(stream), fd);
}

namespace {

// The message with its "timestamp" value replaced by the wall clock now (seconds, µs).
std::string stamped_now(const std::string& message) {
  static constexpr std::string_view kKey = "\"timestamp\":";
  const size_t key = message.find(kKey);
  if (key == std::string::npos) return message;
  size_t from = key + kKey.size();
  while (from < message.size() && message[from] == ' ') ++from;
  size_t to = from;
  while (to < message.size() && message[to] != ',' && message[to] != '}') ++to;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  char now[32];
  std::snprintf(now, sizeof now, "%lld.%06lld", static_cast<long long>(us / 1000000),
                static_cast<long long>(us % 1000000));
  return message.substr(0, from) + now + message.substr(to);
}

// Appends `text` as one unmasked WebSocket text frame (RFC 6455 5.2), as a server sends it.
void append_text_frame(std::string& out, const std::string& text) {
  out += static_cast<char>(0x81);  // FIN, text
  const uint64_t n = text.size();
  if (n < 126) {
    out += static_cast<char>(n);
  } else if (n <= 0xffff) {
    out += static_cast<char>(126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xff);
  } else {
    out += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  }
  out += text;
}

}  // namespace

template <typename Stream>
void RisLiveReplayServer::speak(Stream next_layer, int fd) {
  beast::flat_buffer buffer;
  beast::http::request<beast::http::string_body> request;
  beast::http::read(next_layer, buffer, request);
  {
    std::lock_guard lock(mu_);
    target_ = std::string(request.target());
  }
  websocket::stream<Stream> ws(std::move(next_layer));
  ws.accept(request);
  for (size_t i = 0; i < knobs_.expect_subscriptions; ++i) {
    beast::flat_buffer message;
    ws.read(message);
    std::lock_guard lock(mu_);
    subscriptions_.push_back(beast::buffers_to_string(message.data()));
  }
  ws.text(true);
  const bool first = connections_.load() == 1;
  const auto started = std::chrono::steady_clock::now();
  const size_t first_message = next_;
  // As fast as the client reads: frames are written 64 KiB at a time, as the kernel of a busy
  // feed would coalesce them, so that this server's system calls do not set the pace of a
  // throughput bench. Paced (a live feed): each message leaves when due.
  const bool coalesce = knobs_.per_second == 0;
  std::string frames;
  auto flush = [&] {
    if (frames.empty()) return;
    asio::write(ws.next_layer(), asio::buffer(frames));
    frames.clear();
  };
  auto send = [&](const std::string& text) {
    if (!coalesce) return static_cast<void>(ws.write(asio::buffer(text)));
    append_text_frame(frames, text);
    if (frames.size() >= (64 << 10)) flush();
  };
  bool stalled = false;
  while (!stopping_ && next_ < messages_.size()) {
    const size_t i = next_;
    if (knobs_.per_second && (i - first_message) % 64 == 0) {
      const auto due =
          started + std::chrono::microseconds((i - first_message) * 1000000 / knobs_.per_second);
      std::this_thread::sleep_until(due);
    }
    if (i == knobs_.pause_before && !paused_) {
      flush();
      paused_ = true;  // once: a feed that goes quiet for a while, then carries on
      std::this_thread::sleep_for(knobs_.pause_for);
    }
    if (i >= knobs_.stall_after) {
      stalled = true;
      break;
    }
    if (first && i >= knobs_.drop_after) {
      flush();
      next_ += knobs_.lost_in_drop;  // what the feed carried while the client was away
      ::shutdown(fd, SHUT_RDWR);     // cut, no close frame: a network failure
      return;
    }
    if (std::find(knobs_.garbage_before.begin(), knobs_.garbage_before.end(), i) !=
        knobs_.garbage_before.end())
      send("{\"type\": \"ris_message\", garbage");
    send(knobs_.stamp_now ? stamped_now(messages_[i]) : messages_[i]);
    ++next_;
  }
  flush();
  // A live feed stays open: wait for the client (or the end of the test), keeping what it
  // sends (changed subscriptions) and answering its pings unless stalled.
  while (!stopping_) {
    beast::flat_buffer message;
    ws.read(message);
    std::string text = beast::buffers_to_string(message.data());
    if (text.find(R"("type":"ping")") != std::string::npos) {
      ++pings_;
      if (!stalled) ws.write(asio::buffer(std::string(R"({"type":"pong","data":null})")));
      continue;
    }
    std::lock_guard lock(mu_);
    subscriptions_.push_back(std::move(text));
  }
}

}  // namespace bgpsentry::test
