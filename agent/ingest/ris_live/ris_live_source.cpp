#include "agent/ingest/ris_live/ris_live_source.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <optional>
#include <random>
#include <set>

#include "agent/core/thread_name.h"
#include "agent/core/url.h"
#include "agent/core/wall_clock.h"
#include "agent/decode/ris_message.h"
#include "agent/ingest/draining_executor.h"
#include "agent/ingest/ris_live/read_buffered_stream.h"

namespace bgpsentry {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kMaxGapsKept = 32;
constexpr auto kMaxRetry = std::chrono::seconds(60);
// RIS Live frames are small; a frame of megabytes is garbage, not data.
constexpr size_t kMaxFrame = 4 << 20;
// Subscriptions are sent in bursts with a pause between them: RIS Live is a shared service.
constexpr size_t kSubscriptionBurst = 100;
constexpr auto kBurstPause = std::chrono::milliseconds(20);

// Keeps an outage (to_us 0 while it lasts) in status, forgetting the oldest past a few.
void add_gap(SourceStatus& s, int64_t from_us, int64_t to_us) {
  auto& gap = s.gaps.emplace_back();
  gap.from_us = from_us;
  gap.to_us = to_us;
  if (s.gaps.size() > kMaxGapsKept) s.gaps.erase(s.gaps.begin());
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace

std::vector<std::string> ris_live_subscriptions(const std::vector<std::string>& prefixes,
                                                const std::vector<uint32_t>& origin_asns,
                                                bool everything) {
  if (everything) return {"{}"};
  std::vector<std::string> out;
  for (const auto& p : prefixes)
    out.push_back("{\"prefix\":" + json_string(p) +
                  ",\"moreSpecific\":true,\"lessSpecific\":true}");
  for (uint32_t asn : origin_asns) out.push_back("{\"path\":\"" + std::to_string(asn) + "$\"}");
  return out;
}

std::string ris_live_cursor_key(const std::string& source) {
  return "ris_live/" + source;
}

std::string ris_live_backfill_cursor_key(const std::string& source) {
  return "ris_live/" + source + "/backfill";
}

struct RisLiveSource::Impl {
  Impl(RisLiveOptions o, UpdateSinkQueues q)
      : options(std::move(o)),
        out(q),
        board([&] {
          SourceStatus s;
          s.name = options.name;
          s.type = "ris_live";
          s.state = SourceState::kConnecting;
          return s;
        }()),
        tls(ssl::context::tls_client),
        resolver(io),
        retry_timer(io),
        stale_timer(io),
        flush_timer(io),
        pace_timer(io),
        backoff(options.min_retry) {
    if (options.backfill) {
      backfill = std::make_unique<GapBackfill>(*options.backfill, out);
      board.update([&](SourceStatus& s) {  // gaps a previous run left to back-fill
        for (const auto& [from, to] : options.backfill->due_at_start) add_gap(s, from, to);
      });
    }
  }

  RisLiveOptions options;
  UpdateSinkQueues out;
  std::atomic<bool> stopping{false};      // request_stop(): nothing more is handed on
  std::unique_ptr<GapBackfill> backfill;  // null: gaps stay gaps
  const std::string cursor_key = ris_live_cursor_key(options.name);
  SourceStatusBoard board;
  asio::io_context io;
  ssl::context tls;
  tcp::resolver resolver;
  asio::steady_timer retry_timer, stale_timer, flush_timer, pace_timer;
  std::chrono::milliseconds backoff;
  std::mt19937 jitter{std::random_device{}()};
  std::optional<Url> url;
  std::optional<Url> proxy;
  RisMessageDecoder decoder;
  std::vector<Update> pending;
  uint64_t generation = 0;
  int64_t last_message_us = 0;  // wall clock
  int64_t last_ping_us = 0;     // wall clock
  int64_t canary_heard_us = 0;  // wall clock: the last canary update, or the connection
  std::vector<std::string> canary_subscriptions;
  bool connected_once = false;
  bool stale = false;          // no message for stale_after
  bool canary_silent = false;  // no canary update for canary_every + canary_grace
  bool stream_up = false;      // handshake done, not failed since
  std::chrono::steady_clock::time_point first_pending;  // of the pending batch
  std::deque<std::string> outbox;                       // client messages waiting to be written
  bool writing = false;
  size_t sent_in_burst = 0;
  uint64_t shed_in_spell = 0;  // not 0: in a spell of shedding
  int64_t shed_since_us = 0, last_shed_us = 0;
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

  void begin() {
    const bool everything = std::find(options.subscriptions.begin(), options.subscriptions.end(),
                                      "{}") != options.subscriptions.end();
    if (!everything)
      for (const auto& p : options.canary_prefixes)
        canary_subscriptions.push_back("{\"prefix\":" + json_string(p.to_string()) + "}");
    url = parse_websocket_url(options.url, options.client);
    if (!options.proxy.empty()) proxy = parse_proxy_url(options.proxy);
    if (!url || (!options.proxy.empty() && !proxy)) {
      board.update([&](SourceStatus& s) {
        s.state = SourceState::kFailed;
        s.last_error = !url ? "not a ws:// or wss:// URL: " + options.url
                            : "not an http://host:port proxy: " + options.proxy;
      });
      return;
    }
    if (url->tls) {
      tls.set_verify_mode(ssl::verify_peer);
      boost::system::error_code ec;
      if (options.ca_file.empty())
        tls.set_default_verify_paths(ec);
      else
        tls.load_verify_file(options.ca_file, ec);
      if (ec) spdlog::error("ris_live {}: CA store: {}", options.name, ec.message());
    }
    connect();
  }

  StreamExecutor stream_executor() { return StreamExecutor(io.get_executor()); }

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

  // HTTP CONNECT (RFC 9110 §9.3.6): the proxy opens a tunnel to the feed's host and port.
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
                // The tunnel's first bytes are the feed's; a proxy does not send them unasked.
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
    stream.read_message_max(kMaxFrame);
    stream.async_handshake(url->host, url->target, [this, &stream, gen](auto ec) {
      if (gen != generation) return;
      if (ec) return fail("WebSocket handshake with " + where() + ": " + ec.message());
      on_connected();
      // Reading starts at once; the subscriptions go out beside it, paced.
      outbox.clear();
      writing = false;
      sent_in_burst = 0;
      for (const auto& sub : options.subscriptions)
        outbox.push_back(client_message("ris_subscribe", sub));
      for (const auto& sub : canary_subscriptions)
        outbox.push_back(client_message("ris_subscribe", sub));
      pump(gen);
      read(stream, gen);
    });
  }

  std::string where() const { return options.url; }

  void on_connected() {
    const int64_t now = wall_clock_us();
    spdlog::info("ris_live {}: connected to {} ({} subscriptions)", options.name, options.url,
                 options.subscriptions.size());
    board.update([&](SourceStatus& s) { s.state = SourceState::kConnected; });
    // Since the last update a previous run stored, nothing came: the agent was down, and
    // perhaps it has failed to connect since it started (a gap open already, which then
    // starts at that update: one gap, not two overlapping ones).
    const bool after_restart =
        !connected_once && options.resumed_from_us && *options.resumed_from_us < now;
    bool downtime_in_open_gap = false;
    if (after_restart)
      board.update([&](SourceStatus& s) {
        if (s.gaps.empty() || s.gaps.back().to_us != 0) return;
        s.gaps.back().from_us = std::min(s.gaps.back().from_us, *options.resumed_from_us);
        downtime_in_open_gap = true;
      });
    // The first connection also ends an outage a previous run left open.
    close_gap(now, "connected again", !connected_once);
    if (after_restart && !downtime_in_open_gap) record_downtime(*options.resumed_from_us, now);
    backoff = options.min_retry;
    connected_once = true;
    stream_up = true;
    stale = false;
    canary_silent = false;
    last_message_us = now;
    canary_heard_us = now;
    arm_stale();
  }

  static std::string client_message(const char* type, const std::string& data) {
    return std::string("{\"type\":\"") + type + "\",\"data\":" + data + "}";
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
  // after each burst: thousands of subscriptions reach RIS Live politely, not as a flood.
  void pump(uint64_t gen) {
    if (gen != generation || outbox.empty()) {
      writing = false;
      return;
    }
    writing = true;
    if (sent_in_burst == kSubscriptionBurst) {
      sent_in_burst = 0;
      pace_timer.expires_after(kBurstPause);
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
    outbox.push_back(std::move(message));
    if (!writing) pump(generation);
  }

  // New subscriptions: on a live connection only the difference is sent (unsubscribe what
  // went, subscribe what came); a reconnect sends them all.
  void resubscribe(std::vector<std::string> next) {
    const std::set<std::string> before(options.subscriptions.begin(), options.subscriptions.end());
    const std::set<std::string> after(next.begin(), next.end());
    std::vector<std::string> messages;
    size_t removed = 0;
    for (const auto& sub : options.subscriptions)
      if (!after.count(sub)) {
        messages.push_back(client_message("ris_unsubscribe", sub));
        ++removed;
      }
    for (const auto& sub : next)
      if (!before.count(sub)) messages.push_back(client_message("ris_subscribe", sub));
    const bool live = stream_up;
    if (live)
      for (auto& m : messages) send(std::move(m));
    const size_t added = messages.size() - removed;
    options.subscriptions = std::move(next);
    spdlog::info("ris_live {}: subscriptions changed: {} added, {} removed{}", options.name, added,
                 removed, live ? "" : " (sent when connected)");
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
      on_frame(std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()));
      buffer.consume(buffer.size());
      read(stream, gen);
    });
  }

  void on_frame(std::string_view text) {
    last_message_us = wall_clock_us();
    if (stale) {
      stale = false;
      spdlog::info("ris_live {}: messages again", options.name);
      if (!canary_silent) back_to_connected(last_message_us, "messages again");
    }
    if (options.tap) options.tap(text);
    if (!options.publish) {
      board.update([](SourceStatus& s) { ++s.records; });
      return;
    }
    auto m = decoder.decode(text, options.name);
    if (!m) {
      board.update([&](SourceStatus& s) {
        ++s.parse_errors;
        s.last_error = m.error();
      });
      spdlog::warn("ris_live {}: message skipped: {}", options.name, m.error());
      return;
    }
    if (m->kind == RisMessageKind::kError)
      spdlog::error("ris_live {}: ris_error: {}", options.name, m->error);
    board.update([&](SourceStatus& s) {
      ++s.records;
      if (!m->warnings.empty()) ++s.warnings;
      if (m->kind == RisMessageKind::kOther) ++s.skipped;
      if (m->kind == RisMessageKind::kError) s.last_error = "ris_error: " + m->error;
    });
    if (m->updates.empty()) return;
    if (!options.canary_prefixes.empty()) listen_for_canary(m->updates);
    const bool was_empty = pending.empty();
    const bool filtering = !options.filter.empty();
    for (auto& u : m->updates)
      if (!filtering || options.filter.matches(u)) pending.push_back(std::move(u));
    if (pending.size() >= options.batch_size)
      flush();
    else if (was_empty) {
      first_pending = std::chrono::steady_clock::now();
      arm_flush();
    }
  }

  // The agent was not running (or not connected) since the last update it stored: a gap in
  // the history like any outage, but no FEED event (a restart is not the feed's fault).
  void record_downtime(int64_t from_us, int64_t to_us) {
    board.update([&](SourceStatus& s) { add_gap(s, from_us, to_us); });
    spdlog::info(
        "ris_live {}: nothing received for {} s before this connection (the agent was "
        "not running): a gap in the history{}",
        options.name, (to_us - from_us) / 1000000, backfill ? ", to be back-filled" : "");
    if (backfill) backfill->gap_closed(from_us, to_us);
  }

  // Connected, but no data: an outage since `since_us`.
  void go_stale(int64_t since_us, const std::string& why) {
    spdlog::warn("ris_live {}: {}", options.name, why);
    board.update([&](SourceStatus& s) { s.state = SourceState::kStale; });
    open_gap(since_us, why);
  }

  void back_to_connected(int64_t at_us, const std::string& how) {
    board.update([&](SourceStatus& s) { s.state = SourceState::kConnected; });
    close_gap(at_us, how);
  }

  void listen_for_canary(const std::vector<Update>& updates) {
    for (const auto& u : updates) {
      if (u.kind != UpdateKind::kAnnounce && u.kind != UpdateKind::kWithdraw) continue;
      if (std::find(options.canary_prefixes.begin(), options.canary_prefixes.end(), u.prefix) ==
          options.canary_prefixes.end())
        continue;
      canary_heard_us = last_message_us;
      if (!canary_silent) return;
      canary_silent = false;
      spdlog::info("ris_live {}: the canary ({}) is heard again", options.name,
                   u.prefix.to_string());
      if (!stale) back_to_connected(last_message_us, "the canary is heard again");
      return;
    }
  }

  // A partial batch goes out after flush_every if the engine is idle; while it is still busy
  // with earlier batches, handing this one on sooner would not make an alert come sooner, so
  // it goes on filling (full batches cost less per update), up to flood_flush_every.
  void arm_flush() {
    flush_timer.expires_after(options.flush_every);
    flush_timer.async_wait([this](auto ec) {
      if (ec) return;
      if (out.engine_busy() &&
          std::chrono::steady_clock::now() - first_pending < options.flood_flush_every)
        return arm_flush();
      flush();
    });
  }

  // Hands the pending updates on without blocking: what a full queue refuses is shed.
  void flush() {
    if (pending.empty() || stopping) return;  // stopping: the queues close, nothing is shed
    auto batch = std::make_shared<UpdateBatch>();
    batch->updates.swap(pending);
    batch->cursor = SourceCursor{cursor_key, std::to_string(last_message_us)};
    const size_t n = batch->updates.size();
    // Grown from nothing, a full batch moved its updates ~10 times on the way. As much room
    // as the last batch took, not batch_size: batches of one while the feed is quiet would
    // each hold a full batch's memory in the queues.
    pending.reserve(n);
    const int64_t last_time = batch->updates.back().time_us;
    const int taken = backfill ? backfill->publish_live(batch) : out.try_publish(batch);
    board.update([&](SourceStatus& s) {
      s.updates += n;
      s.last_update_time_us = last_time;
      if (taken < 2) s.dropped += n;
    });
    if (taken < 2) shed(n, taken);
  }

  // A spell of shedding is logged and reported when it starts and when it ends, not per
  // batch (under a flood that would be thousands of lines a second).
  void shed(size_t n, int taken) {
    last_shed_us = wall_clock_us();
    const bool spell_starts = shed_in_spell == 0;
    shed_in_spell += n;
    if (!spell_starts) return;
    shed_since_us = last_shed_us;
    const std::string why = "the pipeline is behind: updates shed (" + std::to_string(taken) +
                            " of 2 consumers, store and engine, took a batch of " +
                            std::to_string(n) + ")";
    spdlog::warn("ris_live {}: {}", options.name, why);
    if (options.observer)
      options.observer->feed_problem_started(options.name, FeedProblem::kOverload, last_shed_us,
                                             why);
  }

  void end_shedding_if_quiet(int64_t now_us) {
    if (shed_in_spell == 0 ||
        std::chrono::microseconds(now_us - last_shed_us) < options.overload_quiet)
      return;
    const std::string what = std::to_string(shed_in_spell) + " updates shed in " +
                             std::to_string((last_shed_us - shed_since_us) / 1000) + " ms";
    shed_in_spell = 0;
    spdlog::info("ris_live {}: the pipeline keeps up again ({})", options.name, what);
    if (options.observer)
      options.observer->feed_problem_ended(options.name, FeedProblem::kOverload, last_shed_us,
                                           what);
  }

  // Checks a few times per stale_after whether the feed went quiet, and per overload_quiet
  // whether a spell of shedding is over.
  void arm_stale() {
    const auto every = std::min(options.stale_after / 4, options.overload_quiet / 2);
    stale_timer.expires_after(std::max(every, std::chrono::milliseconds(10)));
    stale_timer.async_wait([this](auto ec) {
      if (ec) return;
      const int64_t now = wall_clock_us();
      const auto quiet = std::chrono::microseconds(now - last_message_us);
      // Quiet is normal for a few monitored prefixes: ask RIS Live whether it is still
      // there (it answers a ping with a pong, a message like any other).
      const auto ask_after = options.stale_after / 3;
      if (stream_up && quiet >= ask_after &&
          std::chrono::microseconds(now - last_ping_us) >= ask_after) {
        last_ping_us = now;
        send(R"({"type":"ping"})");
      }
      if (!stale && quiet >= options.stale_after) {
        stale = true;
        go_stale(last_message_us, "no message (not even a pong) for " +
                                      std::to_string(options.stale_after.count()) + " ms: STALE");
      }
      const auto canary_due = options.canary_every + options.canary_grace;
      if (!options.canary_prefixes.empty() && stream_up && !canary_silent &&
          std::chrono::microseconds(now - canary_heard_us) >= canary_due) {
        canary_silent = true;
        go_stale(canary_heard_us,
                 "no update for the canary prefixes for " +
                     std::to_string(
                         std::chrono::duration_cast<std::chrono::seconds>(canary_due).count()) +
                     " s: RIS Live relays nothing from its collectors: STALE");
      }
      end_shedding_if_quiet(now);
      arm_stale();
    });
  }

  // An outage: kept in status and reported when it opens and when it closes.
  void open_gap(int64_t from_us, const std::string& why) {
    bool opened = false;
    board.update([&](SourceStatus& s) {
      if (!s.gaps.empty() && s.gaps.back().to_us == 0) return;  // already open
      add_gap(s, from_us, 0);
      opened = true;
    });
    if (opened && options.observer)
      options.observer->feed_problem_started(options.name, FeedProblem::kOutage, from_us, why);
  }

  void close_gap(int64_t at_us, const std::string& how, bool report_anyway = false) {
    bool closed = report_anyway;
    int64_t from_us = 0;
    board.update([&](SourceStatus& s) {
      if (s.gaps.empty() || s.gaps.back().to_us != 0) return;
      s.gaps.back().to_us = at_us;
      from_us = s.gaps.back().from_us;
      closed = true;
    });
    if (from_us && backfill) backfill->gap_closed(from_us, at_us);
    if (closed && options.observer)
      options.observer->feed_problem_ended(options.name, FeedProblem::kOutage, at_us, how);
  }

  void close() {
    ++generation;
    stream_up = false;
    flush();
    flush_timer.cancel();
    stale_timer.cancel();
    pace_timer.cancel();
    boost::system::error_code ignored;
    if (ws) beast::get_lowest_layer(*ws).socket().close(ignored);
    if (wss) beast::get_lowest_layer(*wss).socket().close(ignored);
  }

  void fail(const std::string& why) {
    close();
    const auto delay = backoff + std::chrono::milliseconds(std::uniform_int_distribution<int>(
                                     0, static_cast<int>(backoff.count() / 2))(jitter));
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxRetry);
    spdlog::warn("ris_live {}: {}; reconnecting in {} ms", options.name, why, delay.count());
    const int64_t since = connected_once ? last_message_us : wall_clock_us();
    board.update([&](SourceStatus& s) {
      s.state = SourceState::kReconnecting;
      s.last_error = why;
      ++s.reconnects;
    });
    open_gap(since, why);
    retry_timer.expires_after(delay);
    retry_timer.async_wait([this](auto ec) {
      if (!ec) connect();
    });
  }
};

RisLiveSource::RisLiveSource(RisLiveOptions options, UpdateSinkQueues out)
    : impl_(std::make_unique<Impl>(std::move(options), out)) {}

RisLiveSource::~RisLiveSource() {
  stop();
}

void RisLiveSource::start() {
  if (impl_->backfill) impl_->backfill->start();
  asio::post(impl_->io, [this] { impl_->begin(); });
  thread_ = named_thread("bgps-rislive", [this] { impl_->io.run(); });
}

void RisLiveSource::request_stop() {
  impl_->stopping = true;
  if (impl_->backfill) impl_->backfill->request_stop();
}

void RisLiveSource::stop() {
  request_stop();
  if (!thread_.joinable()) return;
  asio::post(impl_->io, [this] {
    impl_->close();
    impl_->retry_timer.cancel();
    impl_->resolver.cancel();
    impl_->io.stop();
  });
  thread_.join();
  if (impl_->backfill) impl_->backfill->stop();
  impl_->board.update([](SourceStatus& s) { s.state = SourceState::kStopped; });
}

void RisLiveSource::set_subscriptions(std::vector<std::string> subscriptions) {
  asio::post(impl_->io, [this, subs = std::move(subscriptions)]() mutable {
    impl_->resubscribe(std::move(subs));
  });
}

SourceStatus RisLiveSource::status() const {
  SourceStatus status = impl_->board.snapshot();
  if (impl_->backfill)
    for (const auto& outcome : impl_->backfill->outcomes())
      for (auto& gap : status.gaps)
        if (gap.from_us == outcome.from_us && gap.to_us == outcome.to_us) {
          gap.backfill = outcome.state;
          gap.backfilled = outcome.updates;
          gap.backfill_detail = outcome.detail;
        }
  return status;
}

}  // namespace bgpsentry
