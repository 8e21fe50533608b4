#include "agent/ingest/websocket/websocket_client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <optional>
#include <random>

#include "agent/core/url.h"
#include "agent/ingest/draining_executor.h"
#include "agent/ingest/websocket/read_buffered_stream.h"

namespace bgpsentry {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct WebSocketClient::Impl {
  Impl(asio::io_context& io, WebSocketClientOptions o, WebSocketHandler& h)
      : io(io),
        options(std::move(o)),
        handler(h),
        tls(ssl::context::tls_client),
        resolver(io),
        retry_timer(io),
        pace_timer(io),
        backoff(options.min_retry) {}

  asio::io_context& io;
  WebSocketClientOptions options;
  WebSocketHandler& handler;
  ssl::context tls;
  tcp::resolver resolver;
  asio::steady_timer retry_timer, pace_timer;
  std::chrono::milliseconds backoff;
  std::mt19937 jitter{std::random_device{}()};
  std::optional<Url> url, proxy;
  // Each connection attempt has its own generation; completions of an older one are stale.
  uint64_t generation = 0;
  bool stream_up = false;  // handshake done, not failed since
  bool shut_down = false;
  std::deque<std::string> outbox;  // messages waiting to be written
  bool writing = false;
  size_t sent_in_burst = 0;
  // The streams' work runs in drains (agent/ingest/draining_executor.h): under a flood, the
  // messages of one read buffer take one scheduler round, not one each. Named by its own
  // type, not wrapped in any_io_executor: that wrapper's copies and property lookups, in
  // every operation of every message, were ~7% of the feed thread; the plain executor's
  // copies (work counting) are ~4% (perf, one run each).
  using StreamExecutor = DrainingExecutor<asio::io_context::executor_type>;
  using TcpStream = beast::basic_stream<tcp, StreamExecutor>;
  using PlainWs = websocket::stream<ReadBufferedStream<TcpStream>>;
  using TlsWs = websocket::stream<beast::ssl_stream<TcpStream>>;
  std::unique_ptr<PlainWs> ws;
  std::unique_ptr<TlsWs> wss;
  beast::flat_buffer buffer;

  Status start() {
    url = parse_websocket_url(options.url, options.client);
    if (!url) return Error{"not a ws:// or wss:// URL: " + options.url};
    if (!options.proxy.empty()) {
      proxy = parse_proxy_url(options.proxy);
      if (!proxy) return Error{"not an http://host:port proxy: " + options.proxy};
    }
    if (url->tls) {
      tls.set_verify_mode(ssl::verify_peer);
      boost::system::error_code ec;
      if (options.ca_file.empty())
        tls.set_default_verify_paths(ec);
      else
        tls.load_verify_file(options.ca_file, ec);
      if (ec) spdlog::error("{}: CA store: {}", options.name, ec.message());
    }
    connect();
    return ok_status();
  }

  StreamExecutor stream_executor() { return StreamExecutor(io.get_executor()); }
  const std::string& where() const { return options.url; }

  void connect() {
    const uint64_t gen = ++generation;
    // Through a proxy, the TCP connection is to the proxy; TLS and WebSocket go through.
    const std::string& host = proxy ? proxy->host : url->host;
    const std::string& port = proxy ? proxy->port : url->port;
    resolver.async_resolve(host, port, [this, gen, host](auto ec, tcp::resolver::results_type r) {
      if (gen != generation) return;
      if (ec) return fail("cannot resolve " + host + ": " + ec.message());
      if (url->tls) {
        wss = std::make_unique<TlsWs>(stream_executor(), tls);
        // SNI and the name the certificate must carry.
        SSL_set_tlsext_host_name(wss->next_layer().native_handle(), url->host.c_str());
        wss->next_layer().set_verify_callback(ssl::host_name_verification(url->host));
        connect_stream(*wss, r, gen);
      } else {
        ws = std::make_unique<PlainWs>(stream_executor());
        connect_stream(*ws, r, gen);
      }
    });
  }

  template <typename Ws>
  void connect_stream(Ws& stream, const tcp::resolver::results_type& endpoints, uint64_t gen) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(stream).async_connect(endpoints, [this, &stream, gen](auto ec, auto) {
      if (gen != generation) return;
      if (ec)
        return fail("cannot connect to " + (proxy ? "proxy " + options.proxy : where()) + ": " +
                    ec.message());
      boost::system::error_code ignored;
      beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true), ignored);
      if (proxy) return tunnel(stream, gen);
      secure(stream, gen);
    });
  }

  // HTTP CONNECT (RFC 9110 §9.3.6): the proxy opens a tunnel to the server's host and port.
  template <typename Ws>
  void tunnel(Ws& stream, uint64_t gen) {
    namespace http = beast::http;
    auto request = std::make_shared<http::request<http::empty_body>>(
        http::verb::connect, url->host + ":" + url->port, 11);
    request->set(http::field::host, url->host + ":" + url->port);
    request->set(http::field::user_agent, "bgpsentry");
    auto& tcp_stream = beast::get_lowest_layer(stream);
    http::async_write(
        tcp_stream, *request, [this, &stream, &tcp_stream, gen, request](auto ec, size_t) {
          if (gen != generation) return;
          if (ec) return fail("proxy " + options.proxy + ": " + ec.message());
          // A CONNECT answer has no body, whatever its headers say.
          auto parser = std::make_shared<http::response_parser<http::empty_body>>();
          parser->skip(true);
          auto buf = std::make_shared<beast::flat_buffer>();
          http::async_read(
              tcp_stream, *buf, *parser, [this, &stream, gen, parser, buf](auto ec, size_t) {
                if (gen != generation) return;
                if (ec) return fail("proxy " + options.proxy + ": " + ec.message());
                const auto& response = parser->get();
                if (response.result_int() / 100 != 2)
                  return fail("proxy " + options.proxy + " refused the tunnel to " + url->host +
                              ":" + url->port + ": " + std::to_string(response.result_int()) + " " +
                              std::string(response.reason()));
                // The tunnel's first bytes are the server's; a proxy does not send them unasked.
                secure(stream, gen);
              });
        });
  }

  template <typename Ws>
  void secure(Ws& stream, uint64_t gen) {
    if constexpr (std::is_same_v<Ws, TlsWs>) {
      stream.next_layer().async_handshake(ssl::stream_base::client, [this, &stream, gen](auto ec) {
        if (gen != generation) return;
        if (ec) return fail("TLS with " + where() + ": " + ec.message());
        handshake(stream, gen);
      });
    } else {
      handshake(stream, gen);
    }
  }

  template <typename Ws>
  void handshake(Ws& stream, uint64_t gen) {
    beast::get_lowest_layer(stream).expires_never();
    // Pings when idle, and a dead peer noticed, by Beast's client defaults.
    stream.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    stream.read_message_max(options.max_frame);
    stream.async_handshake(url->host, url->target, [this, &stream, gen](auto ec) {
      if (gen != generation) return;
      if (ec) return fail("WebSocket handshake with " + where() + ": " + ec.message());
      backoff = options.min_retry;
      stream_up = true;
      outbox.clear();
      writing = false;
      sent_in_burst = 0;
      // Reading starts at once; what the handler sends goes out beside it, paced.
      handler.on_connected();
      read(stream, gen);
    });
  }

  // Calls fn with the connected stream, whichever kind it is.
  template <typename Fn>
  void with_stream(Fn&& fn) {
    if (url->tls)
      fn(*wss);
    else
      fn(*ws);
  }

  // Sends the outbox one message at a time (a WebSocket has one write in flight), pausing
  // after each burst: thousands of messages reach a shared service politely, not as a flood.
  void pump(uint64_t gen) {
    if (gen != generation || outbox.empty()) {
      writing = false;
      return;
    }
    writing = true;
    if (sent_in_burst == options.burst) {
      sent_in_burst = 0;
      pace_timer.expires_after(options.burst_pause);
      pace_timer.async_wait([this, gen](auto ec) {
        if (ec || gen != generation) return;
        pump(gen);
      });
      return;
    }
    ++sent_in_burst;
    with_stream([&](auto& stream) {
      stream.text(true);
      // A deque's front stays put while more is queued behind it.
      stream.async_write(asio::buffer(outbox.front()), [this, gen](auto ec, size_t) {
        if (gen != generation) return;
        if (ec) return fail("writing to " + where() + ": " + ec.message());
        outbox.pop_front();
        pump(gen);
      });
    });
  }

  void send(std::string message) {
    if (!stream_up) return;
    outbox.push_back(std::move(message));
    if (!writing) pump(generation);
  }

  template <typename Ws>
  void read(Ws& stream, uint64_t gen) {
    stream.async_read(buffer, [this, &stream, gen](auto ec, size_t) {
      if (gen != generation) return;
      if (ec)
        return fail(ec == websocket::error::closed ? where() + " closed the connection"
                    : ec == asio::error::eof
                        ? where() + " closed the connection (without a WebSocket close)"
                        : "reading from " + where() + ": " + ec.message());
      handler.on_frame(
          std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()));
      // The handler may have shut the client down (it stops with the source).
      if (gen != generation) return;
      buffer.consume(buffer.size());
      read(stream, gen);
    });
  }

  void close() {
    ++generation;
    stream_up = false;
    pace_timer.cancel();
    boost::system::error_code ignored;
    if (ws) beast::get_lowest_layer(*ws).socket().close(ignored);
    if (wss) beast::get_lowest_layer(*wss).socket().close(ignored);
  }

  void fail(const std::string& why) {
    close();
    const auto delay = backoff + std::chrono::milliseconds(std::uniform_int_distribution<int>(
                                     0, static_cast<int>(backoff.count() / 2))(jitter));
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, options.max_retry);
    spdlog::warn("{}: {}; reconnecting in {} ms", options.name, why, delay.count());
    handler.on_disconnected(why, delay);
    if (shut_down) return;
    retry_timer.expires_after(delay);
    retry_timer.async_wait([this](auto ec) {
      if (!ec && !shut_down) connect();
    });
  }
};

WebSocketClient::WebSocketClient(asio::io_context& io, WebSocketClientOptions options,
                                 WebSocketHandler& handler)
    : impl_(std::make_unique<Impl>(io, std::move(options), handler)) {}

WebSocketClient::~WebSocketClient() = default;

Status WebSocketClient::start() {
  return impl_->start();
}

void WebSocketClient::send(std::string message) {
  impl_->send(std::move(message));
}

bool WebSocketClient::connected() const {
  return impl_->stream_up;
}

void WebSocketClient::shutdown() {
  impl_->shut_down = true;
  impl_->close();
  impl_->retry_timer.cancel();
  impl_->resolver.cancel();
}

}  // namespace bgpsentry
