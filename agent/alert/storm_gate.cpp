#include "agent/alert/storm_gate.h"

#include <map>

#include "agent/alert/text/alert_text.h"

namespace bgpsentry {

StormGate::StormGate(StormLimit limit, size_t max_digest_bytes)
    : limit_(limit), max_digest_bytes_(std::max<size_t>(max_digest_bytes, 200)) {}

std::chrono::steady_clock::duration StormGate::window() const {
  return std::chrono::seconds(limit_.per_seconds);
}

size_t StormGate::free_slots(TimePoint now) {
  while (!sent_.empty() && now - sent_.front() >= window()) sent_.pop_front();
  return limit_.max_messages > sent_.size() ? limit_.max_messages - sent_.size() : 0;
}

std::vector<Alert> StormGate::admit(std::vector<Alert> alerts, TimePoint now) {
  if (!on() || alerts.empty()) return alerts;
  size_t send = 0;
  if (!holding()) {
    const size_t slots = free_slots(now);
    send = std::min(alerts.size(), slots > 0 ? slots - 1 : 0);  // one kept for a digest
  }
  if (send < alerts.size()) {
    if (!holding()) hold_started_ = now;
    last_held_ = now;
    held_.insert(held_.end(), std::make_move_iterator(alerts.begin() + send),
                 std::make_move_iterator(alerts.end()));
    alerts.resize(send);
  }
  return alerts;
}

std::optional<StormGate::TimePoint> StormGate::next_due() const {
  if (!holding()) return std::nullopt;
  const auto quiet = window() / limit_.max_messages;
  auto due = std::min(last_held_ + quiet, hold_started_ + window());
  // …and a slot must be free: the oldest send leaves the window.
  if (sent_.size() >= limit_.max_messages) due = std::max(due, sent_.front() + window());
  return due;
}

namespace {

// "208.65.153.0/24 AS17557 #12", with the notice when it is not the start.
std::string digest_entry(const Alert& a) {
  std::string e = a.type == AlertType::kFeed ? a.source : a.prefix.to_string();
  if (a.observed_origin) e += " AS" + std::to_string(a.observed_origin);
  if (a.event_id) e += " #" + std::to_string(a.event_id);
  if (a.notice == EventNotice::kChanged) e += " (changed)";
  if (a.notice == EventNotice::kEnded) e += " (ended)";
  return e;
}

}  // namespace

std::vector<Alert> StormGate::due_digests(TimePoint now, int64_t wall_now_us) {
  std::vector<Alert> digests;
  if (!holding() || now < *next_due()) return digests;
  size_t slots = free_slots(now);
  size_t next = 0;  // the first held notice not yet in a digest
  const int64_t held_since_us =
      wall_now_us -
      std::chrono::duration_cast<std::chrono::microseconds>(now - hold_started_).count();
  while (slots > 0 && next < held_.size()) {
    // One entry per event (its latest notice named once), a line per type.
    std::map<AlertType, std::string> lines;
    std::map<uint64_t, bool> named;
    size_t bytes = 100, events = 0, end = next;
    for (; end < held_.size(); ++end) {
      const Alert& a = held_[end];
      if (a.event_id && named.count(a.event_id)) continue;
      const std::string entry = digest_entry(a);
      std::string& line = lines[a.type];
      const std::string lead = line.empty() ? std::string(to_string(a.type)) + ": " : ", ";
      if (events > 0 && bytes + lead.size() + entry.size() > max_digest_bytes_) break;
      line += lead + entry;
      bytes += lead.size() + entry.size();
      ++events;
      if (a.event_id) named[a.event_id] = true;
    }
    Alert digest = held_[end - 1];  // the last it covers: its id moves the position on
    digest.description = "Storm control: " + std::to_string(events) + " events held since " +
                         utc_time(held_since_us) + " UTC.";
    for (const auto& [type, line] : lines) digest.description += "\n" + line;
    digest.notice = EventNotice::kNone;  // about many events
    digest.event_id = 0;
    digests.push_back(std::move(digest));
    next = end;
    --slots;
  }
  return digests;
}

void StormGate::delivered(size_t messages, const std::vector<Alert>& digests, TimePoint now) {
  if (!on()) return;
  for (size_t i = 0; i < messages; ++i) sent_.push_back(now);
  if (digests.empty()) return;
  const uint64_t through = digests.back().id;
  size_t drop = 0;
  while (drop < held_.size() && held_[drop].id <= through) ++drop;
  held_.erase(held_.begin(), held_.begin() + static_cast<long>(drop));
  if (holding()) hold_started_ = last_held_ = now;
}

}  // namespace bgpsentry
