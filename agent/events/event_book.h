// Turns detectors' findings into events (the Cloudflare Radar model): findings about the
// same thing (type, prefix, offending ASN) form one event, which starts once enough peers
// carry an offending route (thresholdMinPeers), is ONGOING while any peer still carries
// one, judged from per-peer state, and ENDS when none does. Sinks and streams hear of an
// event when it starts, when it changes materially and when it ends, never per update.
// Engine thread only.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/container/node_hash_map.h>

#include <atomic>
#include <functional>
#include <map>
#include <tuple>
#include <vector>

#include "agent/config/monitor_policy.h"
#include "agent/core/result.h"
#include "agent/model/alert_emitter.h"
#include "agent/model/event.h"
#include "agent/model/peer_registry.h"
#include "storage/store_health.h"

namespace bgpsentry {

class EventStore;

class EventBook : public AlertEmitter {
 public:
  // Sets an event's confidence and tags from its evidence.
  using Scorer = std::function<void(Event&)>;

  // `store` may be null (events then live in memory only). Notices go to `notices`.
  EventBook(PeerRegistry& peers, EventStore* store, AlertEmitter& notices, MonitorPolicies policies,
            Scorer scorer);

  // A failed store write is retried through `health` (unset: the book's own).
  void set_store_health(StoreHealth* health) { health_ = health ? health : &own_health_; }

  // Goes on with the ONGOING events of a previous run.
  Status restore();

  // Per update: begin, the detectors' findings (emit), end.
  void begin_update(const Update& u, PeerId peer);
  void emit(Alert finding) override;
  // Only a finding that opens an event needs its details.
  bool wants_details(const Alert& finding) const override;
  void resolve(const Alert& finding, int64_t time_us) override;
  void end_update(size_t peers_up);
  // The peer went down: it carries nothing any more.
  void peer_down(PeerId peer, int64_t time_us);
  // After a batch: forgets faded evidence, rescores and stores changed events, sends
  // CHANGED notices.
  void flush();

  // Another monitor's report (Cloudflare Radar). It joins the ongoing event bgpsentry's
  // own detection has for an overlapping prefix and the same offending AS (which then
  // names both sources); otherwise it is an event of its own (`monitored_prefix` the
  // monitored prefix it falls under), ONGOING and ENDED as the report says. An own event
  // that starts later for the same thing takes that event over (its id, its reports): one
  // event, not two. A report repeated (same source, kind and id) updates, never adds.
  void report(ExternalReport report, const Prefix& monitored_prefix);
  size_t reported_only() const { return reported_.size(); }

  // Ends (or, below the threshold, forgets) every event `pred` picks, now: those a config
  // change left without a monitored prefix.
  void end_if(const std::function<bool(const Event&)>& pred);
  // The newest update time seen: events run on data time.
  int64_t now_us() const { return now_us_; }

  // Any thread.
  size_t ongoing() const { return ongoing_.load(std::memory_order_relaxed); }

 private:
  struct Key {
    AlertType type;
    Prefix prefix;
    uint32_t offending;
    std::string subject;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const noexcept;
  };
  struct Active {
    Event event;                                  // id 0 while below the threshold
    absl::flat_hash_map<PeerId, uint32_t> index;  // peer -> index into event.peers
    // By index into event.peers: how many of the event's prefixes the peer carries now.
    std::vector<uint32_t> carrying;
    size_t carriers = 0;  // peers carrying any
    // An event over many prefixes (spans_prefixes): prefix -> index into event.prefixes,
    // and the routes carried now, (peer index << 32 | prefix index).
    absl::flat_hash_map<Prefix, uint32_t, PrefixHash> prefix_index;
    absl::flat_hash_set<uint64_t> routes;
    size_t notified_peers = 0;
    uint32_t notified_confidence = 0;
    int64_t last_notice_us = 0;
    bool dirty = false;   // in dirty_
    bool fading = false;  // in fading_
  };

  // An event only another monitor reported, by (source, kind, its id).
  using ReportKey = std::tuple<std::string, std::string, uint64_t>;
  static ReportKey report_key(const ExternalReport& r) { return {r.source, r.kind, r.id}; }

  static Key key_of(const Alert& finding);
  // Whether two events (or an event and a report) are about the same thing: the same
  // offending AS, types of the same kind (one prefix, or many), overlapping prefixes.
  static bool same_thing(AlertType type_a, uint32_t offending_a,
                         const std::vector<Prefix>& prefixes_a, AlertType type_b,
                         uint32_t offending_b, const std::vector<Prefix>& prefixes_b);
  // The ongoing own event `r` is about, if any (same_thing).
  Active* own_event_for(const ExternalReport& r);
  // Adds or replaces `r` among the event's reports; whether it is new or changed its state.
  static bool merge_report(Event& e, const ExternalReport& r);
  const MonitorPolicy& policy(AlertType type) const { return policy_for(policies_, type); }
  size_t evidence(const Active& a) const;
  uint32_t add_prefix(const Key& key, Active& a, const Prefix& prefix);
  void add_carrier(Active& a, PeerId peer, uint32_t prefix_index);
  // `prefix` null: the peer carries none of the event's prefixes any more (it went down).
  void drop_carrier(const Key& key, Active& a, PeerId peer, const Prefix* prefix, int64_t time_us,
                    std::vector<Key>& ended);
  void touch(const Key& key, Active& a);
  void start(Active& a, const Alert& finding);
  void end(const Key& key, int64_t time_us);
  void discard(const Key& key);
  void notify(const Active& a, EventNotice notice, const Alert* finding);
  void persist(std::vector<Active*> events);
  void update_visibility(Active& a);

  PeerRegistry& peers_;
  EventStore* store_;
  StoreHealth own_health_;
  StoreHealth* health_ = &own_health_;
  AlertEmitter& notices_;
  MonitorPolicies policies_;
  Scorer scorer_;
  uint64_t memory_ids_ = 0;  // without a store

  // Open addressing: end_update() looks each update's prefix up. Events are nodes, so that
  // references to them stay valid while others are added.
  absl::node_hash_map<Key, Active, KeyHash> active_;
  std::map<ReportKey, Active> reported_;  // events only another monitor reported
  // Reports that joined an own event, which may end before the reporter says so: their
  // later updates change nothing (no second event). Forgotten when the report says over.
  std::map<ReportKey, uint64_t> joined_;
  static constexpr size_t kMaxJoined = 10000;
  absl::flat_hash_map<Prefix, std::vector<Key>, PrefixHash> by_prefix_;
  std::atomic<size_t> ongoing_{0};

  const Update* current_ = nullptr;
  PeerId current_peer_ = 0;
  std::vector<Key> reasserted_;  // by the current update
  std::vector<Key> dirty_;       // changed since the last flush
  std::vector<Key> fading_;      // below the threshold and carried by no peer
  size_t peers_up_ = 0;
  int64_t now_us_ = 0;  // the newest update time: events run on data time
};

}  // namespace bgpsentry
