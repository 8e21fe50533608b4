// Cloudflare Radar as a source (type: radar): polls its BGP hijack and route-leak events for
// each monitored AS, pages back to the last event processed (kept in the store per endpoint
// and AS, so a restart neither re-alerts nor skips), and hands each new event, and each
// change of one still on-going, to the agent as an ExternalReport. Requests are spread over
// the interval; 429 and 5xx back off (honouring Retry-After); a refused token is a FEED
// outage until a poll works; an answer it cannot read is counted and the source goes
// DEGRADED, without touching the rest of the agent.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agent/core/clock.h"
#include "agent/core/durable_state.h"
#include "agent/core/prefix.h"
#include "agent/ingest/feed_observer.h"
#include "agent/ingest/report_observer.h"
#include "agent/ingest/source.h"
#include "agent/net/http_client.h"

namespace bgpsentry {

struct RadarSettings {
  std::string base_url = "https://api.cloudflare.com/client/v4";
  std::string token;            // a secret: sent as Authorization: Bearer, never logged
  std::vector<uint32_t> asns;   // empty: the monitored ASNs, asked at each poll
  uint32_t min_confidence = 0;  // Radar's minConfidence for hijacks; 0: not sent
  int64_t interval_s = 300;
  bool backfill = false;  // first poll of an endpoint: report history too (else record ids only)
  uint32_t per_page = 100;
  uint32_t max_pages = 20;  // per endpoint and poll: a bound on a backlog's pages
  // Also poll Radar's prefix-to-origin data for every monitored prefix with origins: an
  // origin the prefixes file does not expect is reported (kind "origin").
  bool origin_check = true;
  HttpOptions http;
};

// A monitored prefix and the origins the prefixes file expects for it.
struct RadarPrefix {
  Prefix prefix;
  std::vector<uint32_t> origins;
};

class RadarSource final : public Source {
 public:
  // `monitored_asns`: the ASNs to poll when settings.asns is empty; `monitored_prefixes`:
  // those to check origins of (both asked on each round: they follow the prefixes file).
  RadarSource(std::string name, RadarSettings settings, DurableState& state,
              ReportObserver& reports, FeedObserver* observer,
              std::function<std::vector<uint32_t>()> monitored_asns,
              std::function<std::vector<RadarPrefix>()> monitored_prefixes,
              const Clock& clock = real_clock());
  ~RadarSource() override;

  void start() override;
  void request_stop() override;
  void stop() override;
  SourceStatus status() const override { return board_.snapshot(); }

 private:
  struct Endpoint;
  void run();
  // One poll of `e`: pages, reports, saves. Returns when it should be polled next.
  std::chrono::steady_clock::time_point poll(Endpoint& e);
  std::chrono::steady_clock::time_point poll_events(Endpoint& e);   // hijacks, leaks
  std::chrono::steady_clock::time_point poll_origins(Endpoint& e);  // pfx2as
  // GET `url` with the token: the body of a 200, or nullopt with `retry_at` set (the failure
  // counted and said; a refused token opens a FEED outage, a working answer closes it).
  std::optional<std::string> fetch(Endpoint& e, const std::string& url,
                                   std::chrono::steady_clock::time_point& retry_at);
  std::chrono::steady_clock::time_point fail(Endpoint& e, const std::string& why, bool degraded,
                                             std::chrono::seconds retry);
  void succeeded(Endpoint& e, uint64_t read, size_t reported);
  void publish_endpoints();

  const std::string name_;
  const RadarSettings settings_;
  DurableState& state_;
  ReportObserver& reports_;
  FeedObserver* observer_;
  std::function<std::vector<uint32_t>()> monitored_asns_;
  std::function<std::vector<RadarPrefix>()> monitored_prefixes_;
  const Clock& clock_;
  HttpClient http_;
  SourceStatusBoard board_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;  // the poll thread's
  bool auth_failing_ = false;                         // a FEED outage is open
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bgpsentry
