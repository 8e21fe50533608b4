#include "agent/ingest/ris_live/ris_live_source.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <set>

#include "agent/core/thread_name.h"
#include "agent/decode/ris_message.h"
#include "agent/ingest/ris_live/feed_health.h"
#include "agent/ingest/websocket/websocket_client.h"

namespace bgpsentry {

namespace asio = boost::asio;

namespace {

// RIS Live frames are small; a frame of megabytes is garbage, not data.
constexpr size_t kMaxFrame = 4 << 20;
// Subscriptions are sent in bursts with a pause between them: RIS Live is a shared service.
constexpr size_t kSubscriptionBurst = 100;
constexpr auto kBurstPause = std::chrono::milliseconds(20);

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

WebSocketClientOptions ris_live_connection() {
  WebSocketClientOptions c;
  c.url = "wss://ris-live.ripe.net/v1/ws/";
  c.client = "bgpsentry";
  c.max_frame = kMaxFrame;
  c.burst = kSubscriptionBurst;
  c.burst_pause = kBurstPause;
  return c;
}

std::string ris_live_cursor_key(const std::string& source) {
  return "ris_live/" + source;
}

std::string ris_live_backfill_cursor_key(const std::string& source) {
  return "ris_live/" + source + "/backfill";
}

// The thin source: a WebSocket client's handler that subscribes, decodes and batches; how
// the feed is doing is FeedHealth's.
struct RisLiveSource::Impl : WebSocketHandler {
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
        backfill(options.backfill ? std::make_unique<GapBackfill>(*options.backfill, out)
                                  : nullptr),
        health(health_options(), board, options.clock ? *options.clock : real_clock()),
        client(io, client_options(), *this),
        flush_timer(io),
        health_timer(io) {}

  FeedHealthOptions health_options() const {
    FeedHealthOptions h = options.health;
    h.name = options.name;
    if (backfill) {
      h.gaps_at_start = options.backfill->due_at_start;  // a previous run left to back-fill
      h.gap_closed = [fill = backfill.get()](int64_t from, int64_t to) {
        fill->gap_closed(from, to);
      };
    }
    return h;
  }

  WebSocketClientOptions client_options() const {
    WebSocketClientOptions c = options.connection;
    c.name = "ris_live " + options.name;
    return c;
  }

  RisLiveOptions options;
  UpdateSinkQueues out;
  std::atomic<bool> stopping{false};  // request_stop(): nothing more is handed on
  const std::string cursor_key = ris_live_cursor_key(options.name);
  SourceStatusBoard board;
  std::unique_ptr<GapBackfill> backfill;  // null: gaps stay gaps
  FeedHealth health;
  asio::io_context io;
  WebSocketClient client;
  asio::steady_timer flush_timer, health_timer;
  RisMessageDecoder decoder;
  std::vector<Update> pending;
  std::chrono::steady_clock::time_point first_pending;  // of the pending batch
  std::vector<std::string> canary_subscriptions;

  void begin() {
    const bool everything = std::find(options.subscriptions.begin(), options.subscriptions.end(),
                                      "{}") != options.subscriptions.end();
    if (!everything)
      for (const auto& p : options.health.canary_prefixes)
        canary_subscriptions.push_back("{\"prefix\":" + json_string(p.to_string()) + "}");
    if (auto started = client.start(); !started)
      board.update([&](SourceStatus& s) {
        s.state = SourceState::kFailed;
        s.last_error = started.error();
      });
  }

  void on_connected() override {
    spdlog::info("ris_live {}: connected to {} ({} subscriptions)", options.name,
                 options.connection.url, options.subscriptions.size());
    health.connected();
    for (const auto& sub : options.subscriptions) client.send(client_message("ris_subscribe", sub));
    for (const auto& sub : canary_subscriptions) client.send(client_message("ris_subscribe", sub));
    arm_health();
  }

  void on_disconnected(const std::string& why, std::chrono::milliseconds) override {
    flush();
    flush_timer.cancel();
    health_timer.cancel();
    health.disconnected(why);
  }

  static std::string client_message(const char* type, const std::string& data) {
    return std::string("{\"type\":\"") + type + "\",\"data\":" + data + "}";
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
    const bool live = client.connected();
    if (live)
      for (auto& m : messages) client.send(std::move(m));
    const size_t added = messages.size() - removed;
    options.subscriptions = std::move(next);
    spdlog::info("ris_live {}: subscriptions changed: {} added, {} removed{}", options.name, added,
                 removed, live ? "" : " (sent when connected)");
  }

  void on_frame(std::string_view text) override {
    health.message();
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
    health.updates(m->updates);
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
    batch->cursor = SourceCursor{cursor_key, std::to_string(health.last_message_us())};
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
    if (taken < 2) health.shed(n, taken);
  }

  // Checks a few times per stale_after whether the feed went quiet (asking it with a ping
  // first), and per overload_quiet whether a spell of shedding is over.
  void arm_health() {
    health_timer.expires_after(health.check_every());
    health_timer.async_wait([this](auto ec) {
      if (ec) return;
      if (health.check(client.connected())) client.send(R"({"type":"ping"})");
      arm_health();
    });
  }

  void close() {
    flush();
    flush_timer.cancel();
    health_timer.cancel();
    client.shutdown();
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
