#include "agent/api/metrics_server.h"

#include <spdlog/spdlog.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>

#include "agent/core/thread_name.h"
#include "agent/core/url.h"

namespace bgpsentry {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const std::function<std::string()>& render)
      : stream_(std::move(socket)), render_(render) {
    parser_.header_limit(8 * 1024);
    parser_.body_limit(0);  // a scrape has no body
  }

  void start() {
    stream_.expires_after(std::chrono::seconds(5));
    http::async_read(stream_, buffer_, parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (!ec) self->respond();
                     });
  }

 private:
  void respond() {
    const auto& req = parser_.get();
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(req.version());
    res->keep_alive(false);
    const std::string_view target(req.target().data(), req.target().size());
    const bool read = req.method() == http::verb::get || req.method() == http::verb::head;
    if (target != "/metrics" && target.substr(0, 9) != "/metrics?") {
      res->result(http::status::not_found);
      res->set(http::field::content_type, "text/plain");
      res->body() = "not found: the metrics are at /metrics\n";
    } else if (!read) {
      res->result(http::status::method_not_allowed);
      res->set(http::field::allow, "GET, HEAD");
    } else {
      res->result(http::status::ok);
      res->set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      res->body() = render_();
    }
    res->prepare_payload();
    if (req.method() == http::verb::head) res->body().clear();
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, size_t) {
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    });
  }

  beast::tcp_stream stream_;
  const std::function<std::string()>& render_;
  beast::flat_buffer buffer_;
  http::request_parser<http::empty_body> parser_;
};

}  // namespace

MetricsServer::MetricsServer(std::string listen, std::function<std::string()> render)
    : listen_(std::move(listen)), render_(std::move(render)) {}

MetricsServer::~MetricsServer() {
  stop();
}

Status MetricsServer::start() {
  auto url = parse_host_port(listen_);
  if (!url) return Error{"metrics.listen: '" + listen_ + "' is not host:port"};
  beast::error_code ec;
  const auto address = asio::ip::make_address(url->host, ec);
  if (ec) return Error{"metrics.listen: " + url->host + " is not an IP address"};
  const tcp::endpoint endpoint(address, static_cast<uint16_t>(std::stoi(url->port)));
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{"metrics: cannot listen on " + listen_ + ": " + ec.message()};
  port_ = acceptor_.local_endpoint().port();
  accept();
  thread_ = named_thread("bgps-metrics", [this] { io_.run(); });
  spdlog::info("metrics on http://{}:{}/metrics", url->host, port_);
  return ok_status();
}

void MetricsServer::accept() {
  acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<Session>(std::move(socket), render_)->start();
    accept();
  });
}

void MetricsServer::stop() {
  if (!thread_.joinable()) return;
  asio::post(io_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  io_.stop();
  thread_.join();
}

}  // namespace bgpsentry
