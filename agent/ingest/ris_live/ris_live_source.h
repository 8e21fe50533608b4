// The RIPE RIS Live feed over WebSocket (Boost.Beast; wss:// with the system's CA store and
// hostname verification, ws:// for tests): subscribes (again after every reconnect),
// decodes every frame, and publishes batches without ever blocking the socket: when the
// pipeline cannot keep up, updates are shed and counted (status `dropped`), never silently.
// A quiet feed is asked for a RIS Live `pong` (a `ping` after a third of `stale_after`
// without a message), so that a few quiet monitored prefixes are not mistaken for a dead
// feed; one that sends nothing, not even the pong, for `stale_after` is STALE. A lost
// connection is retried with exponential
// backoff and jitter, and each outage is kept as a gap (from, to) in status. Outages and
// shedding are reported to a FeedObserver as they start and end (FEED events). RIS beacon
// prefixes can serve as a canary for a feed that answers pings but relays nothing. A closed
// gap can be back-filled from MRT archives (GapBackfill).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "agent/core/clock.h"
#include "agent/core/update_batch.h"
#include "agent/core/update_filter.h"
#include "agent/ingest/feed_observer.h"
#include "agent/ingest/ris_live/feed_health.h"
#include "agent/ingest/ris_live/gap_backfill.h"
#include "agent/ingest/source.h"
#include "agent/ingest/websocket/websocket_client.h"

namespace bgpsentry {

// How RIS Live is reached: its URL, the client name RIPE asks of every client (sent as
// ?client=), frames of at most 4 MiB, subscriptions paced 100 at a time 20 ms apart (a
// shared service).
WebSocketClientOptions ris_live_connection();

struct RisLiveOptions {
  std::string name = "ris_live";  // status, logs, FEED events and cursors
  // url, client, ca_file (wss://: trust these CAs instead of the system's), proxy
  // (http://host:port, HTTP CONNECT), min_retry. Its log name is set from `name`.
  WebSocketClientOptions connection = ris_live_connection();
  // The `data` of each ris_subscribe message (JSON objects), sent in order on connect.
  std::vector<std::string> subscriptions;
  UpdateFilter filter;  // what to publish of what the subscriptions bring
  // stale_after, overload_quiet, the canary (RIS beacon prefixes: RIS announces and
  // withdraws each every 2 hours, so none for canary_every + canary_grace while connected
  // means RIS Live relays nothing from its collectors even if it answers pings),
  // resumed_from_us (ris_live_cursor_key's value: from then until the first connection is a
  // gap too) and the observer of outages and shedding. Its name and back-fill hooks are set
  // by the source.
  FeedHealthOptions health;
  // Every frame received, as it came, before decoding (`bgpctl record`); may be empty.
  std::function<void(std::string_view frame)> tap;
  // RIS beacon prefixes as a canary: RIS announces and withdraws each on a schedule (an
  // update every 2 hours), so none for `canary_every` + `canary_grace` while connected
  // means RIS Live relays nothing from its collectors even if it answers pings: STALE,
  // with a gap from the last canary update, until one is heard again. Empty: no canary.
  std::vector<Prefix> canary_prefixes;
  std::chrono::milliseconds canary_every{std::chrono::hours(2)};
  std::chrono::milliseconds canary_grace{std::chrono::minutes(15)};
  // When the last update stored before the agent last stopped was received (the source's
  // cursor, ris_live_cursor_key): from then until the first connection is a gap too.
  std::optional<int64_t> resumed_from_us;
  // Gaps back-filled from MRT archives, when given some.
  std::optional<GapBackfillOptions> backfill;
  // Where the feed's health reads the time (staleness, canary, shedding spells); null: the
  // real clock.
  const Clock* clock = nullptr;
  bool publish = true;  // false: frames only go to `tap`, nothing is decoded or published
  size_t batch_size = 1024;
  // A partial batch goes out this soon after its first update: an alert waits at most this
  // for its batch. While the engine is still busy with earlier batches (a flood) it may wait
  // up to `flood_flush_every`: full batches cost the pipeline less per update.
  std::chrono::microseconds flush_every{1000};
  std::chrono::microseconds flood_flush_every{20000};
};

// The subscriptions for monitored prefixes (with their more- and less-specifics, which the
// route table holds) and monitored ASNs (paths ending in them), or the whole feed.
std::vector<std::string> ris_live_subscriptions(const std::vector<std::string>& prefixes,
                                                const std::vector<uint32_t>& origin_asns,
                                                bool everything);

// The source cursors a RIS Live source keeps in the store: when its last stored update was
// received (wall clock, µs), and the gaps due for back-fill.
std::string ris_live_cursor_key(const std::string& source);
std::string ris_live_backfill_cursor_key(const std::string& source);

class RisLiveSource : public Source {
 public:
  RisLiveSource(RisLiveOptions options, UpdateSinkQueues out);
  ~RisLiveSource() override;
  void start() override;
  void request_stop() override;
  void stop() override;
  SourceStatus status() const override;
  // Any thread: from now on these subscriptions; a live connection is sent only the
  // difference (ris_unsubscribe, ris_subscribe).
  void set_subscriptions(std::vector<std::string> subscriptions);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
};

}  // namespace bgpsentry
