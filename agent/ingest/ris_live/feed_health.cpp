#include "agent/ingest/ris_live/feed_health.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace bgpsentry {
namespace {

constexpr size_t kMaxGapsKept = 32;

// Keeps an outage (to_us 0 while it lasts) in status, forgetting the oldest past a few.
void add_gap(SourceStatus& s, int64_t from_us, int64_t to_us) {
  auto& gap = s.gaps.emplace_back();
  gap.from_us = from_us;
  gap.to_us = to_us;
  if (s.gaps.size() > kMaxGapsKept) s.gaps.erase(s.gaps.begin());
}

}  // namespace

FeedHealth::FeedHealth(FeedHealthOptions options, SourceStatusBoard& board, const Clock& clock)
    : options_(std::move(options)), board_(board), clock_(clock) {
  board_.update([&](SourceStatus& s) {
    for (const auto& [from, to] : options_.gaps_at_start) add_gap(s, from, to);
  });
}

void FeedHealth::connected() {
  const int64_t now = clock_.wall_us();
  board_.update([&](SourceStatus& s) { s.state = SourceState::kConnected; });
  // Since the last update a previous run stored, nothing came: the agent was down, and
  // perhaps it has failed to connect since it started (a gap open already, which then
  // starts at that update: one gap, not two overlapping ones).
  const bool after_restart =
      !connected_once_ && options_.resumed_from_us && *options_.resumed_from_us < now;
  bool downtime_in_open_gap = false;
  if (after_restart)
    board_.update([&](SourceStatus& s) {
      if (s.gaps.empty() || s.gaps.back().to_us != 0) return;
      s.gaps.back().from_us = std::min(s.gaps.back().from_us, *options_.resumed_from_us);
      downtime_in_open_gap = true;
    });
  // The first connection also ends an outage a previous run left open.
  close_gap(now, "connected again", !connected_once_);
  if (after_restart && !downtime_in_open_gap) record_downtime(*options_.resumed_from_us, now);
  connected_once_ = true;
  stale_ = false;
  canary_silent_ = false;
  last_message_us_ = now;
  canary_heard_us_ = now;
}

void FeedHealth::disconnected(const std::string& why) {
  const int64_t since = connected_once_ ? last_message_us_ : clock_.wall_us();
  board_.update([&](SourceStatus& s) {
    s.state = SourceState::kReconnecting;
    s.last_error = why;
    ++s.reconnects;
  });
  open_gap(since, why);
}

int64_t FeedHealth::message() {
  last_message_us_ = clock_.wall_us();
  if (stale_) {
    stale_ = false;
    spdlog::info("ris_live {}: messages again", options_.name);
    if (!canary_silent_) back_to_connected(last_message_us_, "messages again");
  }
  return last_message_us_;
}

void FeedHealth::updates(const std::vector<Update>& updates) {
  if (options_.canary_prefixes.empty()) return;
  for (const auto& u : updates) {
    if (u.kind != UpdateKind::kAnnounce && u.kind != UpdateKind::kWithdraw) continue;
    if (std::find(options_.canary_prefixes.begin(), options_.canary_prefixes.end(), u.prefix) ==
        options_.canary_prefixes.end())
      continue;
    canary_heard_us_ = last_message_us_;
    if (!canary_silent_) return;
    canary_silent_ = false;
    spdlog::info("ris_live {}: the canary ({}) is heard again", options_.name,
                 u.prefix.to_string());
    if (!stale_) back_to_connected(last_message_us_, "the canary is heard again");
    return;
  }
}

// A spell of shedding is logged and reported when it starts and when it ends, not per
// batch (under a flood that would be thousands of lines a second).
void FeedHealth::shed(size_t n, int taken) {
  last_shed_us_ = clock_.wall_us();
  const bool spell_starts = shed_in_spell_ == 0;
  shed_in_spell_ += n;
  if (!spell_starts) return;
  shed_since_us_ = last_shed_us_;
  const std::string why = "the pipeline is behind: updates shed (" + std::to_string(taken) +
                          " of 2 consumers, store and engine, took a batch of " +
                          std::to_string(n) + ")";
  spdlog::warn("ris_live {}: {}", options_.name, why);
  if (options_.observer)
    options_.observer->feed_problem_started(options_.name, FeedProblem::kOverload, last_shed_us_,
                                            why);
}

void FeedHealth::end_shedding_if_quiet(int64_t now_us) {
  if (shed_in_spell_ == 0 ||
      std::chrono::microseconds(now_us - last_shed_us_) < options_.overload_quiet)
    return;
  const std::string what = std::to_string(shed_in_spell_) + " updates shed in " +
                           std::to_string((last_shed_us_ - shed_since_us_) / 1000) + " ms";
  shed_in_spell_ = 0;
  spdlog::info("ris_live {}: the pipeline keeps up again ({})", options_.name, what);
  if (options_.observer)
    options_.observer->feed_problem_ended(options_.name, FeedProblem::kOverload, last_shed_us_,
                                          what);
}

std::chrono::milliseconds FeedHealth::check_every() const {
  const auto every = std::min(options_.stale_after / 4, options_.overload_quiet / 2);
  return std::max(every, std::chrono::milliseconds(10));
}

bool FeedHealth::check(bool connected) {
  const int64_t now = clock_.wall_us();
  const auto quiet = std::chrono::microseconds(now - last_message_us_);
  // Quiet is normal for a few monitored prefixes: ask the feed whether it is still there
  // (RIS Live answers a ping with a pong, a message like any other).
  const auto ask_after = options_.stale_after / 3;
  bool ask = false;
  if (connected && quiet >= ask_after &&
      std::chrono::microseconds(now - last_ping_us_) >= ask_after) {
    last_ping_us_ = now;
    ask = true;
  }
  if (!stale_ && quiet >= options_.stale_after) {
    stale_ = true;
    go_stale(last_message_us_, "no message (not even a pong) for " +
                                   std::to_string(options_.stale_after.count()) + " ms: STALE");
  }
  const auto canary_due = options_.canary_every + options_.canary_grace;
  if (!options_.canary_prefixes.empty() && connected && !canary_silent_ &&
      std::chrono::microseconds(now - canary_heard_us_) >= canary_due) {
    canary_silent_ = true;
    go_stale(
        canary_heard_us_,
        "no update for the canary prefixes for " +
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(canary_due).count()) +
            " s: RIS Live relays nothing from its collectors: STALE");
  }
  end_shedding_if_quiet(now);
  return ask;
}

// The agent was not running (or not connected) since the last update it stored: a gap in
// the history like any outage, but no FEED event (a restart is not the feed's fault).
void FeedHealth::record_downtime(int64_t from_us, int64_t to_us) {
  board_.update([&](SourceStatus& s) { add_gap(s, from_us, to_us); });
  spdlog::info(
      "ris_live {}: nothing received for {} s before this connection (the agent was "
      "not running): a gap in the history{}",
      options_.name, (to_us - from_us) / 1000000, options_.gap_closed ? ", to be back-filled" : "");
  if (options_.gap_closed) options_.gap_closed(from_us, to_us);
}

// Connected, but no data: an outage since `since_us`.
void FeedHealth::go_stale(int64_t since_us, const std::string& why) {
  spdlog::warn("ris_live {}: {}", options_.name, why);
  board_.update([&](SourceStatus& s) { s.state = SourceState::kStale; });
  open_gap(since_us, why);
}

void FeedHealth::back_to_connected(int64_t at_us, const std::string& how) {
  board_.update([&](SourceStatus& s) { s.state = SourceState::kConnected; });
  close_gap(at_us, how);
}

// An outage: kept in status and reported when it opens and when it closes.
void FeedHealth::open_gap(int64_t from_us, const std::string& why) {
  bool opened = false;
  board_.update([&](SourceStatus& s) {
    if (!s.gaps.empty() && s.gaps.back().to_us == 0) return;  // already open
    add_gap(s, from_us, 0);
    opened = true;
  });
  if (opened && options_.observer)
    options_.observer->feed_problem_started(options_.name, FeedProblem::kOutage, from_us, why);
}

void FeedHealth::close_gap(int64_t at_us, const std::string& how, bool report_anyway) {
  bool closed = report_anyway;
  int64_t from_us = 0;
  board_.update([&](SourceStatus& s) {
    if (s.gaps.empty() || s.gaps.back().to_us != 0) return;
    s.gaps.back().to_us = at_us;
    from_us = s.gaps.back().from_us;
    closed = true;
  });
  if (from_us && options_.gap_closed) options_.gap_closed(from_us, at_us);
  if (closed && options_.observer)
    options_.observer->feed_problem_ended(options_.name, FeedProblem::kOutage, at_us, how);
}

}  // namespace bgpsentry
