#include "agent/events/event_book.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "storage/event_store.h"

namespace bgpsentry {
namespace {

constexpr int64_t kSecond = 1000000;

bool is_withdrawal(const Update& u) {
  return u.kind == UpdateKind::kWithdraw;
}

uint64_t route_key(uint32_t peer_index, uint32_t prefix_index) {
  return static_cast<uint64_t>(peer_index) << 32 | prefix_index;
}

}  // namespace

size_t EventBook::KeyHash::operator()(const Key& k) const noexcept {
  return PrefixHash()(k.prefix) * 31 + k.offending * 7 + static_cast<size_t>(k.type) +
         std::hash<std::string>()(k.subject);
}

EventBook::Key EventBook::key_of(const Alert& f) {
  return Key{f.type, spans_prefixes(f.type) ? Prefix{} : f.prefix, f.observed_origin, f.subject};
}

EventBook::EventBook(PeerRegistry& peers, EventStore* store, AlertEmitter& notices,
                     MonitorPolicies policies, Scorer scorer)
    : peers_(peers),
      store_(store),
      notices_(notices),
      policies_(policies),
      scorer_(std::move(scorer)) {}

Status EventBook::restore() {
  if (!store_) return ok_status();
  auto events = store_->ongoing();
  if (!events) return Error{events.error()};
  for (auto& e : *events) {
    if (e.prefixes.empty() || is_source_feed_event(e)) continue;  // FeedEvents' own
    if (!e.detected) {  // only another monitor reported it: it goes on as the report says
      if (e.reports.empty()) continue;
      Active& a = reported_[report_key(e.reports.front())];
      a.event = std::move(e);
      a.notified_confidence = a.event.confidence;
      ++ongoing_;
      continue;
    }
    const bool spans = spans_prefixes(e.type);
    const Key key{e.type, spans ? Prefix{} : e.prefixes.front(), e.offending_asn, e.subject};
    Active& a = active_[key];
    a.event = std::move(e);
    a.carrying.assign(a.event.peers.size(), 0);
    for (uint32_t i = 0; i < a.event.peers.size(); ++i)
      a.index.emplace(peers_.id(a.event.peers[i]), i);
    if (spans) {
      for (uint32_t i = 0; i < a.event.prefixes.size(); ++i)
        a.prefix_index.emplace(a.event.prefixes[i], i);
      for (const auto& [peer, prefix] : a.event.carried_routes) {
        a.routes.insert(route_key(peer, prefix));
        ++a.carrying[peer];
      }
    } else {
      for (uint32_t c : a.event.carriers) a.carrying[c] = 1;
    }
    for (uint32_t c : a.carrying) a.carriers += c != 0;
    a.notified_peers = a.event.peers.size();
    a.notified_confidence = a.event.confidence;
    a.last_notice_us = a.event.last_seen_us;
    for (const Prefix& p : a.event.prefixes) by_prefix_[p].push_back(key);
    ++ongoing_;
    now_us_ = std::max(now_us_, a.event.last_seen_us);
  }
  if (ongoing_) spdlog::info("{} ongoing events restored from the store", ongoing_);
  return ok_status();
}

void EventBook::begin_update(const Update& u, PeerId peer) {
  current_ = &u;
  current_peer_ = peer;
  now_us_ = std::max(now_us_, u.time_us);
}

size_t EventBook::evidence(const Active& a) const {
  return policy(a.event.type).count_peer_asns ? a.event.peer_asns.size() : a.event.peers.size();
}

uint32_t EventBook::add_prefix(const Key& key, Active& a, const Prefix& prefix) {
  const auto [it, added] =
      a.prefix_index.try_emplace(prefix, static_cast<uint32_t>(a.event.prefixes.size()));
  if (added) {
    a.event.prefixes.push_back(prefix);
    by_prefix_[prefix].push_back(key);
  }
  return it->second;
}

void EventBook::add_carrier(Active& a, PeerId peer, uint32_t prefix_index) {
  const auto [it, added] = a.index.try_emplace(peer, static_cast<uint32_t>(a.event.peers.size()));
  if (added) {
    const EventPeer& p = peers_.peer(peer);
    a.event.peers.push_back(p);
    a.carrying.push_back(0);
    auto pos = std::lower_bound(a.event.peer_asns.begin(), a.event.peer_asns.end(), p.asn);
    if (pos == a.event.peer_asns.end() || *pos != p.asn) a.event.peer_asns.insert(pos, p.asn);
  }
  uint32_t& carrying = a.carrying[it->second];
  if (spans_prefixes(a.event.type)) {
    if (!a.routes.insert(route_key(it->second, prefix_index)).second) return;
  } else if (carrying) {
    return;
  }
  if (carrying++ == 0) ++a.carriers;
}

void EventBook::emit(Alert f) {
  const Key key = key_of(f);
  auto [it, added] = active_.try_emplace(key);
  Active& a = it->second;
  Event& e = a.event;
  if (added) {
    e.type = f.type;
    e.monitored_prefix = f.monitored_prefix;
    e.offending_asn = f.observed_origin;
    e.subject = f.subject;
    e.expected_asns = f.expected_origins;
    e.start_us = f.first_seen_us;
    e.as_path = f.as_path;
    e.description = f.description;
    if (!spans_prefixes(f.type)) {
      e.prefixes = {f.prefix};
      by_prefix_[key.prefix].push_back(key);
    }
  }
  const uint32_t prefix_index = spans_prefixes(f.type) ? add_prefix(key, a, f.prefix) : 0;
  e.last_seen_us = std::max(e.last_seen_us, f.last_seen_us);
  touch(key, a);
  // A finding about the update being processed is evidence from its peer; a feed finding
  // (stale VRPs) is about no peer.
  const bool from_peer = current_ && f.type != AlertType::kFeed;
  if (from_peer) {
    add_carrier(a, current_peer_, prefix_index);
    reasserted_.push_back(key);
  }
  if (e.id == 0) {
    if (!from_peer || evidence(a) >= policy(e.type).threshold_min_peers) start(a, f);
  }
}

bool EventBook::wants_details(const Alert& f) const {
  return !active_.count(key_of(f));
}

void EventBook::resolve(const Alert& f, int64_t time_us) {
  const Key key = key_of(f);
  auto it = active_.find(key);
  if (it == active_.end()) return;
  if (it->second.event.id == 0)
    discard(key);
  else
    end(key, time_us);
}

void EventBook::update_visibility(Active& a) {
  if (peers_up_ == 0) return;
  const double share = std::min(1.0, static_cast<double>(a.carriers) / peers_up_);
  a.event.max_visibility = std::max(a.event.max_visibility, share);
}

void EventBook::start(Active& a, const Alert& finding) {
  Event& e = a.event;
  e.status = EventStatus::kOngoing;
  // Another monitor reported it first: this is that event, now seen here too.
  std::optional<std::map<ReportKey, Active>::iterator> reported;
  for (auto it = reported_.begin(); it != reported_.end() && !reported; ++it) {
    const Event& r = it->second.event;
    if (same_thing(r.type, r.offending_asn, r.prefixes, e.type, e.offending_asn, e.prefixes))
      reported = it;
  }
  if (reported) {
    const Event& r = (*reported)->second.event;
    e.id = r.id;
    e.reports = r.reports;
    for (const auto& report : r.reports)
      if (joined_.size() < kMaxJoined) joined_[report_key(report)] = r.id;
    e.start_us = std::min(e.start_us, r.start_us);
    reported_.erase(*reported);
  } else {
    e.id = store_ ? store_->next_id() : ++memory_ids_;
    ++ongoing_;
  }
  update_visibility(a);
  if (scorer_) scorer_(e);
  a.notified_peers = e.peers.size();
  a.notified_confidence = e.confidence;
  a.last_notice_us = e.last_seen_us;
  // Stored before the alert that names it, so an alert never refers to a missing event.
  persist({&a});
  notify(a, reported ? EventNotice::kChanged : EventNotice::kStarted, &finding);
}

bool EventBook::merge_report(Event& e, const ExternalReport& r) {
  for (auto& old : e.reports)
    if (report_key(old) == report_key(r)) {
      const bool changed = old.ongoing != r.ongoing || old.confidence != r.confidence;
      old = r;
      return changed;
    }
  e.reports.push_back(r);
  return true;
}

bool EventBook::same_thing(AlertType type_a, uint32_t offending_a,
                           const std::vector<Prefix>& prefixes_a, AlertType type_b,
                           uint32_t offending_b, const std::vector<Prefix>& prefixes_b) {
  if (offending_a != offending_b || spans_prefixes(type_a) != spans_prefixes(type_b) ||
      type_a == AlertType::kFeed || type_b == AlertType::kFeed)
    return false;
  for (const Prefix& a : prefixes_a)
    for (const Prefix& b : prefixes_b)
      if (a.contains(b) || b.contains(a)) return true;
  return false;
}

EventBook::Active* EventBook::own_event_for(const ExternalReport& r) {
  for (auto& [key, a] : active_)
    if (a.event.id != 0 &&
        same_thing(key.type, key.offending, a.event.prefixes, r.type, r.offending_asn, r.prefixes))
      return &a;
  return nullptr;
}

void EventBook::report(ExternalReport r, const Prefix& monitored_prefix) {
  if (r.prefixes.empty()) return;
  const ReportKey rk = report_key(r);
  if (Active* own = own_event_for(r)) {
    if (joined_.size() < kMaxJoined || joined_.count(rk)) joined_[rk] = own->event.id;
    if (!merge_report(own->event, r)) {
      persist({own});
      return;
    }
    if (scorer_) scorer_(own->event);
    own->notified_confidence = own->event.confidence;
    persist({own});
    notify(*own, EventNotice::kChanged, nullptr);
    return;
  }
  if (auto joined = joined_.find(rk); joined != joined_.end()) {
    // It joined an own event that has ended since: that event's story is told.
    if (!r.ongoing) joined_.erase(joined);
    return;
  }
  auto it = reported_.find(rk);
  if (it == reported_.end()) {
    Active& a = reported_[rk];
    Event& e = a.event;
    e.id = store_ ? store_->next_id() : ++memory_ids_;
    e.type = r.type;
    e.status = EventStatus::kOngoing;
    e.prefixes = r.prefixes;
    e.monitored_prefix = monitored_prefix;
    e.offending_asn = r.offending_asn;
    e.expected_asns = r.expected_asns;
    e.start_us = r.start_us;
    e.last_seen_us = r.last_seen_us;
    e.peer_asns = r.peer_asns;
    e.detected = false;
    e.description =
        "reported by " + r.source + " (" + r.kind + " " + std::to_string(r.id) + "): AS" +
        std::to_string(r.offending_asn) + " announces " + r.prefixes.front().to_string() +
        (r.prefixes.size() > 1 ? " and " + std::to_string(r.prefixes.size() - 1) + " more prefixes"
                               : std::string()) +
        "; not seen by bgpsentry's own vantage points";
    e.reports = {r};
    if (scorer_) scorer_(e);
    a.notified_confidence = e.confidence;
    ++ongoing_;
    persist({&a});
    notify(a, EventNotice::kStarted, nullptr);
    it = reported_.find(rk);
  } else {
    Event& e = it->second.event;
    const bool changed = merge_report(e, r);
    e.last_seen_us = std::max(e.last_seen_us, r.last_seen_us);
    if (scorer_) scorer_(e);
    if (!changed) {
      persist({&it->second});
      return;
    }
    if (r.ongoing) {
      it->second.notified_confidence = e.confidence;
      persist({&it->second});
      notify(it->second, EventNotice::kChanged, nullptr);
      return;
    }
  }
  if (r.ongoing) return;
  // Over, as its reporter says.
  Active& a = it->second;
  a.event.status = EventStatus::kEnded;
  a.event.end_us = std::max(r.last_seen_us, a.event.start_us);
  persist({&a});
  notify(a, EventNotice::kEnded, nullptr);
  --ongoing_;
  reported_.erase(it);
}

void EventBook::end_update(size_t peers_up) {
  peers_up_ = peers_up;
  const Update* u = current_;
  current_ = nullptr;
  if (!u || u->kind == UpdateKind::kPeerState) {
    reasserted_.clear();
    return;
  }
  auto it = by_prefix_.find(u->prefix);
  if (it != by_prefix_.end()) {
    std::vector<Key> ended;
    for (const Key& key : it->second) {
      Active& a = active_.at(key);
      if (std::find(reasserted_.begin(), reasserted_.end(), key) != reasserted_.end()) {
        update_visibility(a);
        continue;
      }
      // A withdrawal is the evidence of a visibility loss, not its end.
      if (key.type == AlertType::kVisibilityLoss && is_withdrawal(*u)) continue;
      drop_carrier(key, a, current_peer_, &u->prefix, u->time_us, ended);
    }
    for (const Key& key : ended) end(key, u->time_us);
  }
  reasserted_.clear();
}

void EventBook::drop_carrier(const Key& key, Active& a, PeerId peer, const Prefix* prefix,
                             int64_t time_us, std::vector<Key>& ended) {
  auto idx = a.index.find(peer);
  if (idx == a.index.end() || !a.carrying[idx->second]) return;
  const uint32_t peer_index = idx->second;
  uint32_t& carrying = a.carrying[peer_index];
  if (!spans_prefixes(a.event.type)) {
    carrying = 0;
  } else if (prefix) {
    auto p = a.prefix_index.find(*prefix);
    if (p == a.prefix_index.end() || !a.routes.erase(route_key(peer_index, p->second))) return;
    --carrying;
  } else {
    absl::erase_if(a.routes, [&](uint64_t r) { return r >> 32 == peer_index; });
    carrying = 0;
  }
  touch(key, a);
  a.event.last_seen_us = std::max(a.event.last_seen_us, time_us);
  if (carrying != 0) return;  // it still carries others of the event's prefixes
  --a.carriers;
  if (a.carriers != 0) return;
  if (a.event.id != 0) {
    ended.push_back(key);
  } else if (!a.fading) {
    // Below the threshold, no peer carries it: it fades off unless more peers come.
    a.fading = true;
    fading_.push_back(key);
  }
}

void EventBook::touch(const Key& key, Active& a) {
  if (a.dirty) return;
  a.dirty = true;
  dirty_.push_back(key);
}

void EventBook::peer_down(PeerId peer, int64_t time_us) {
  now_us_ = std::max(now_us_, time_us);
  std::vector<Key> ended;
  for (auto& [key, a] : active_) drop_carrier(key, a, peer, nullptr, time_us, ended);
  for (const Key& key : ended) end(key, time_us);
}

void EventBook::end(const Key& key, int64_t time_us) {
  auto it = active_.find(key);
  Active& a = it->second;
  a.event.status = EventStatus::kEnded;
  a.event.end_us = std::max(time_us, a.event.start_us);
  if (scorer_) scorer_(a.event);
  persist({&a});
  notify(a, EventNotice::kEnded, nullptr);
  --ongoing_;
  discard(key);
}

void EventBook::end_if(const std::function<bool(const Event&)>& pred) {
  std::vector<std::pair<Key, bool>> picked;  // key, started
  for (const auto& [key, a] : active_)
    if (pred(a.event)) picked.emplace_back(key, a.event.id != 0);
  for (const auto& [key, started] : picked) {
    if (started)
      end(key, now_us_);
    else
      discard(key);
  }
}

void EventBook::discard(const Key& key) {
  auto it = active_.find(key);
  if (it == active_.end()) return;
  for (const Prefix& prefix : it->second.event.prefixes) {
    auto list = by_prefix_.find(prefix);
    if (list == by_prefix_.end()) continue;
    std::erase(list->second, key);
    if (list->second.empty()) by_prefix_.erase(list);
  }
  active_.erase(it);
}

void EventBook::flush() {
  // Only what changed since the last flush: the book may hold many quiet events. dirty_
  // keeps its capacity (regrown every batch, it was most of the engine's malloc time).
  std::vector<Active*> changed;
  for (const Key& key : dirty_) {
    auto it = active_.find(key);
    if (it == active_.end()) continue;
    Active& a = it->second;
    a.dirty = false;
    if (a.event.id == 0) continue;
    if (scorer_) scorer_(a.event);
    changed.push_back(&a);
    const MonitorPolicy& p = policy(key.type);
    const bool material =
        a.event.confidence != a.notified_confidence || a.event.peers.size() >= 2 * a.notified_peers;
    if (material && !p.alert_only_once &&
        now_us_ - a.last_notice_us >= p.notification_interval_s * kSecond) {
      a.notified_peers = a.event.peers.size();
      a.notified_confidence = a.event.confidence;
      a.last_notice_us = now_us_;
      persist({&a});
      notify(a, EventNotice::kChanged, nullptr);
      changed.pop_back();
    }
  }
  dirty_.clear();
  persist(std::move(changed));

  // Evidence below the threshold that no peer carries any more fades off; a peer still
  // carrying the route is current evidence however old its announcement.
  std::vector<Key> still;
  for (const Key& key : fading_) {
    auto it = active_.find(key);
    if (it == active_.end()) continue;
    Active& a = it->second;
    if (a.event.id != 0 || a.carriers != 0) {
      a.fading = false;
    } else if (a.event.last_seen_us + policy(key.type).fade_off_s * kSecond < now_us_) {
      discard(key);
    } else {
      still.push_back(key);
    }
  }
  fading_.swap(still);
}

void EventBook::persist(std::vector<Active*> events) {
  if (events.empty()) return;
  std::vector<const Event*> out;
  for (Active* a : events) {
    a->event.carriers.clear();
    for (uint32_t i = 0; i < a->carrying.size(); ++i)
      if (a->carrying[i]) a->event.carriers.push_back(i);
    a->event.carried_routes.clear();
    for (uint64_t r : a->routes)
      a->event.carried_routes.emplace_back(static_cast<uint32_t>(r >> 32),
                                           static_cast<uint32_t>(r));
    std::sort(a->event.carried_routes.begin(), a->event.carried_routes.end());
    out.push_back(&a->event);
  }
  if (!store_) return;
  // Like alerts, an event is not given up on but at shutdown with the store failing: then
  // it was never stored, and is judged again after the restart.
  if (auto st = health_->retry("event", [&] { return store_->put(out); }); !st)
    spdlog::error("{} events not stored: {}", out.size(), st.error());
}

void EventBook::notify(const Active& a, EventNotice notice, const Alert* finding) {
  const Event& e = a.event;
  Alert alert;
  alert.type = e.type;
  alert.prefix = e.prefixes.front();
  alert.monitored_prefix = e.monitored_prefix;
  alert.observed_origin = e.offending_asn;
  alert.subject = e.subject;
  alert.expected_origins = e.expected_asns;
  if (finding && !finding->as_path.empty()) {
    alert.as_path = finding->as_path;
    alert.peer_ip = finding->peer_ip;
    alert.peer_asn = finding->peer_asn;
    alert.source = finding->source;
  } else if (finding && !e.peers.empty()) {
    // A finding that only added evidence carries no path (wants_details): the path first
    // seen, with the peer that saw it, so that path and peer belong together.
    alert.as_path = e.as_path;
    alert.peer_ip = e.peers.front().ip;
    alert.peer_asn = e.peers.front().asn;
    alert.source = e.peers.front().source;
  } else {
    alert.as_path = e.as_path;
    if (finding) alert.source = finding->source;
  }
  if (alert.source.empty() && !e.detected && !e.reports.empty())
    alert.source = e.reports.front().source;
  alert.first_seen_us = e.start_us;
  alert.last_seen_us = notice == EventNotice::kEnded ? e.end_us : e.last_seen_us;
  alert.event_id = e.id;
  alert.notice = notice;
  alert.confidence = e.confidence;
  const std::string seen =
      !e.detected
          ? e.reports.front().source + " saw it from " +
                std::to_string(e.reports.front().peer_count) + " peers, confidence " +
                std::to_string(e.confidence) + "/10"
          : (spans_prefixes(e.type) ? std::to_string(e.prefixes.size()) + " prefixes " : "") +
                (e.type == AlertType::kVisibilityLoss ? "lost by " : "seen by ") +
                std::to_string(e.peers.size()) + " peers (" + std::to_string(e.peer_asns.size()) +
                " ASes), confidence " + std::to_string(e.confidence) + "/10";
  switch (notice) {
    case EventNotice::kStarted:
      alert.description = e.description + "; " + seen;
      break;
    case EventNotice::kChanged:
      alert.description =
          "Event " + std::to_string(e.id) + " goes on: " + e.description + "; now " + seen;
      break;
    default:
      if (!e.detected) {
        alert.description = "Event " + std::to_string(e.id) +
                            " ended: " + e.reports.front().source + " reports it over (" +
                            e.description + ")";
        break;
      }
      alert.description = "Event " + std::to_string(e.id) + " ended: " +
                          (e.type == AlertType::kVisibilityLoss
                               ? "the prefix is visible again to every peer that lost it"
                               : "no peer carries it any more") +
                          " (" + e.description + "; " + seen + ")";
  }
  notices_.emit(std::move(alert));
}

}  // namespace bgpsentry
