#include "agent/rpki/rtr_client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <random>

#include "agent/core/thread_name.h"
#include "agent/core/wall_clock.h"
#include "agent/rpki/rtr_pdu.h"

namespace bgpsentry {

namespace asio = boost::asio;
using asio::ip::tcp;
using std::chrono::seconds;

namespace {

constexpr uint8_t kPreferredVersion = 1;
// RFC 8210 section 6 defaults, for version 0 caches that send no intervals.
constexpr uint32_t kDefaultRefresh = 3600, kDefaultRetry = 600, kDefaultExpire = 7200;

}  // namespace

const char* to_string(RtrStatus::State state) {
  switch (state) {
    case RtrStatus::State::kConnecting:
      return "CONNECTING";
    case RtrStatus::State::kConnected:
      return "CONNECTED";
    case RtrStatus::State::kReconnecting:
      return "RECONNECTING";
    case RtrStatus::State::kStopped:
      return "STOPPED";
  }
  return "?";
}

struct RtrClient::Impl {
  Impl(RtrOptions o, OnData cb)
      : options(std::move(o)),
        on_data(std::move(cb)),
        resolver(io),
        socket(io),
        retry_timer(io),
        refresh_timer(io),
        expire_timer(io),
        backoff(options.min_retry) {}

  RtrOptions options;
  OnData on_data;
  asio::io_context io;
  tcp::resolver resolver;
  tcp::socket socket;
  asio::steady_timer retry_timer, refresh_timer, expire_timer;
  std::array<uint8_t, rtr::kHeaderSize> header{};
  std::vector<uint8_t> body;
  std::chrono::milliseconds backoff;
  std::mt19937 jitter{std::random_device{}()};

  // Protocol state (io thread only).
  uint8_t version = kPreferredVersion;
  bool negotiated = false;   // a PDU of ours was answered in `version`
  bool has_session = false;  // a session id and serial to ask deltas against
  uint16_t session = 0;
  uint32_t serial = 0;
  bool in_response = false;  // between Cache Response and End of Data
  bool reset_response = false;
  bool query_pending = false;  // a query sent, its Cache Response not yet here
  std::vector<Vrp> data;       // the cache's set: sorted, unique
  std::vector<Vrp> announced, withdrawn;
  uint32_t refresh = kDefaultRefresh, retry = kDefaultRetry, expire = kDefaultExpire;
  uint64_t generation = 0;  // bumps per connection: handlers of an old one do nothing

  mutable std::mutex status_mu;
  RtrStatus status;

  template <typename Fn>
  void set_status(Fn&& fn) {
    std::lock_guard lock(status_mu);
    fn(status);
  }

  void connect() {
    ++generation;
    negotiated = false;
    const uint64_t gen = generation;
    set_status([&](RtrStatus& s) {
      if (s.state != RtrStatus::State::kReconnecting) s.state = RtrStatus::State::kConnecting;
    });
    resolver.async_resolve(
        options.host, options.port, [this, gen](boost::system::error_code ec, auto endpoints) {
          if (gen != generation) return;
          if (ec) return fail("cannot resolve " + options.host + ": " + ec.message());
          asio::async_connect(socket, endpoints, [this, gen](boost::system::error_code ec, auto) {
            if (gen != generation) return;
            if (ec) return fail("cannot connect to " + where() + ": " + ec.message());
            spdlog::info("rtr: connected to {} (asking for version {})", where(), version);
            set_status([&](RtrStatus& s) { s.state = RtrStatus::State::kConnected; });
            send_query();
            read_header(gen);
          });
        });
  }

  std::string where() const { return options.host + ":" + options.port; }

  void send_query() {
    if (in_response || query_pending) return;
    reset_response = !has_session;
    query_pending = true;
    send(has_session ? rtr::encode_serial_query(version, session, serial)
                     : rtr::encode_reset_query(version));
  }

  void send(std::string bytes) {
    auto buffer = std::make_shared<std::string>(std::move(bytes));
    const uint64_t gen = generation;
    asio::async_write(socket, asio::buffer(*buffer),
                      [this, gen, buffer](boost::system::error_code ec, size_t) {
                        if (gen == generation && ec)
                          fail("cannot write to " + where() + ": " + ec.message());
                      });
  }

  void read_header(uint64_t gen) {
    asio::async_read(
        socket, asio::buffer(header), [this, gen](boost::system::error_code ec, size_t) {
          if (gen != generation) return;
          if (ec)
            return fail(ec == asio::error::eof ? where() + " closed the connection"
                                               : "reading from " + where() + ": " + ec.message());
          auto length = rtr::pdu_length(header);
          if (!length) {
            protocol_error(rtr::ErrorCode::kCorruptData, length.error(), {});
            return;
          }
          body.assign(header.begin(), header.end());
          body.resize(*length);
          if (*length == rtr::kHeaderSize) return on_pdu(gen);
          asio::async_read(socket,
                           asio::buffer(body.data() + rtr::kHeaderSize, *length - rtr::kHeaderSize),
                           [this, gen](boost::system::error_code ec, size_t) {
                             if (gen != generation) return;
                             if (ec) return fail("reading from " + where() + ": " + ec.message());
                             on_pdu(gen);
                           });
        });
  }

  void on_pdu(uint64_t gen) {
    auto pdu = rtr::decode_pdu(body);
    set_status([&](RtrStatus& s) { ++s.pdus; });
    if (!pdu) {
      const auto code = pdu.error().starts_with("unsupported PDU type")
                            ? rtr::ErrorCode::kUnsupportedPduType
                            : rtr::ErrorCode::kCorruptData;
      protocol_error(code, pdu.error(), body);
      return;
    }
    if (!handle(*pdu)) return;
    if (gen == generation) read_header(gen);
  }

  // False when the connection was given up.
  bool handle(const rtr::Pdu& p) {
    using rtr::PduType;
    if (p.type == PduType::kErrorReport) return on_error_report(p);
    if (p.version != version) {
      // A cache that only speaks an older version answers in it (RFC 8210 section 7).
      if (!negotiated && p.version < version) return downgrade(p.version);
      return protocol_error(rtr::ErrorCode::kUnexpectedVersion,
                            std::string(rtr::to_string(p.type)) + " in version " +
                                std::to_string(p.version) + ", the session speaks " +
                                std::to_string(version),
                            body);
    }
    negotiated = true;
    switch (p.type) {
      case PduType::kSerialNotify:
        if (!in_response) send_query();
        return true;
      case PduType::kCacheResponse:
        if (in_response)
          return protocol_error(rtr::ErrorCode::kCorruptData, "Cache Response inside a response",
                                body);
        query_pending = false;
        if (!reset_response && p.session != session)  // its serials mean nothing to ours
          return protocol_error(rtr::ErrorCode::kCorruptData,
                                "Cache Response for session " + std::to_string(p.session) +
                                    ", asked about session " + std::to_string(session),
                                body);
        in_response = true;
        session = p.session;
        announced.clear();
        withdrawn.clear();
        return true;
      case PduType::kIpv4Prefix:
      case PduType::kIpv6Prefix:
        if (!in_response)
          return protocol_error(rtr::ErrorCode::kCorruptData, "a prefix outside a response", body);
        (p.announce ? announced : withdrawn).push_back(p.vrp);
        return true;
      case PduType::kEndOfData:
        if (!in_response)
          return protocol_error(rtr::ErrorCode::kCorruptData, "End of Data outside a response",
                                body);
        return end_of_data(p);
      case PduType::kCacheReset:
        query_pending = false;
        return reset();
      default:  // Router Key, ASPA: not used for origin validation
        return true;
    }
  }

  bool end_of_data(const rtr::Pdu& p) {
    in_response = false;
    std::sort(announced.begin(), announced.end());
    std::sort(withdrawn.begin(), withdrawn.end());
    std::vector<Vrp> next;
    if (reset_response) {
      next = std::move(announced);
      next.erase(std::unique(next.begin(), next.end()), next.end());
    } else {
      for (const Vrp& w : withdrawn)
        if (!std::binary_search(data.begin(), data.end(), w))
          return delta_error(rtr::ErrorCode::kWithdrawalOfUnknownRecord, w);
      std::vector<Vrp> kept;
      std::set_difference(data.begin(), data.end(), withdrawn.begin(), withdrawn.end(),
                          std::back_inserter(kept));
      for (size_t i = 0; i < announced.size(); ++i)
        if ((i && announced[i] == announced[i - 1]) ||
            std::binary_search(kept.begin(), kept.end(), announced[i]))
          return delta_error(rtr::ErrorCode::kDuplicateAnnouncement, announced[i]);
      std::merge(kept.begin(), kept.end(), announced.begin(), announced.end(),
                 std::back_inserter(next));
    }
    announced.clear();
    withdrawn.clear();
    data = std::move(next);
    has_session = true;
    serial = p.serial;
    if (p.has_intervals) {
      // RFC 8210 section 6 ranges, so a hostile cache cannot make us spin or sleep forever.
      refresh = std::clamp<uint32_t>(p.refresh, 1, 86400);
      retry = std::clamp<uint32_t>(p.retry, 1, 7200);
      expire = std::clamp<uint32_t>(p.expire, 600, 172800);
    }
    backoff = options.min_retry;
    set_status([&](RtrStatus& s) {
      s.version = version;
      s.session = session;
      s.serial = serial;
      s.has_data = true;
      s.vrps = data.size();
      s.last_update_us = wall_clock_us();
    });
    spdlog::info("rtr: {} session {} serial {}: {} VRPs", where(), session, serial, data.size());
    on_data(std::make_shared<const std::vector<Vrp>>(data));
    refresh_timer.expires_after(seconds(refresh));
    const uint64_t gen = generation;
    refresh_timer.async_wait([this, gen](boost::system::error_code ec) {
      if (!ec && gen == generation) send_query();
    });
    expire_timer.expires_after(seconds(expire));
    expire_timer.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      spdlog::error("rtr: no update from {} for {} s (its expire interval): dropping its {} VRPs",
                    where(), expire, data.size());
      data.clear();
      has_session = false;
      set_status([&](RtrStatus& s) {
        s.has_data = false;
        s.vrps = 0;
      });
      on_data(nullptr);
    });
    return true;
  }

  bool delta_error(rtr::ErrorCode code, const Vrp& vrp) {
    return protocol_error(code,
                          std::string(rtr::to_string(code)) + ": " + vrp.prefix.to_string() + "-" +
                              std::to_string(vrp.max_length) + " AS" + std::to_string(vrp.asn),
                          {});
  }

  // Starts over from a Reset Query on the same connection; the data in force stays until
  // the new set is complete.
  bool reset() {
    has_session = false;
    in_response = false;
    announced.clear();
    withdrawn.clear();
    send_query();
    return true;
  }

  bool downgrade(uint8_t to) {
    spdlog::info("rtr: {} speaks version {}; reconnecting with it", where(), to);
    version = to;
    has_session = false;  // a session of another version does not carry over
    close();
    connect();
    return false;
  }

  bool on_error_report(const rtr::Pdu& p) {
    const auto code = static_cast<rtr::ErrorCode>(p.error_code);
    if (code == rtr::ErrorCode::kUnsupportedVersion && !negotiated && version > 0)
      return downgrade(std::min<uint8_t>(p.version, version - 1));
    fail(where() + " reported " + rtr::to_string(code) +
         (p.error_text.empty() ? "" : ": " + p.error_text));
    return false;
  }

  // Tells the cache what is wrong (RFC 8210 section 12), then gives the connection up.
  bool protocol_error(rtr::ErrorCode code, const std::string& what, std::span<const uint8_t> pdu) {
    if (socket.is_open()) {
      const auto report = rtr::encode_error_report(version, code, pdu, what);
      boost::system::error_code ignored;
      asio::write(socket, asio::buffer(report), ignored);
    }
    has_session = false;  // start over from a Reset Query
    fail("protocol error with " + where() + ": " + what);
    return false;
  }

  void close() {
    ++generation;
    boost::system::error_code ignored;
    socket.close(ignored);
    refresh_timer.cancel();
    in_response = false;
    query_pending = false;
  }

  void fail(const std::string& why) {
    close();
    const auto delay =
        backoff + std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 250)(jitter));
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, seconds(retry));
    spdlog::warn("rtr: {}; retrying in {} ms", why, delay.count());
    set_status([&](RtrStatus& s) {
      s.state = RtrStatus::State::kReconnecting;
      s.last_error = why;
      ++s.errors;
    });
    retry_timer.expires_after(delay);
    retry_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) connect();
    });
  }
};

RtrClient::RtrClient(RtrOptions options, OnData on_data)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(on_data))) {}

RtrClient::~RtrClient() {
  stop();
}

void RtrClient::start() {
  asio::post(impl_->io, [this] { impl_->connect(); });
  thread_ = named_thread("bgps-rtr", [this] { impl_->io.run(); });
}

void RtrClient::stop() {
  if (!thread_.joinable()) return;
  asio::post(impl_->io, [this] {
    impl_->close();
    impl_->retry_timer.cancel();
    impl_->expire_timer.cancel();
    impl_->resolver.cancel();
    impl_->io.stop();
  });
  thread_.join();
  impl_->set_status([](RtrStatus& s) { s.state = RtrStatus::State::kStopped; });
}

RtrStatus RtrClient::status() const {
  std::lock_guard lock(impl_->status_mu);
  return impl_->status;
}

}  // namespace bgpsentry
