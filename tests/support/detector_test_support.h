// What detector tests share: an emitter that keeps the alerts, a prefixes.yml config, and
// the detection pipeline around one detector (route table, event book) as the engine runs
// it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "agent/config/prefixes_config.h"
#include "agent/detect/detection_pipeline.h"
#include "agent/detect/detector.h"
#include "agent/events/event_scoring.h"
#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/mrt_file_reader.h"

namespace bgpsentry::test {

class CollectAlerts : public AlertEmitter {
 public:
  void emit(Alert alert) override { alerts.push_back(std::move(alert)); }
  std::vector<Alert> alerts;
};

inline std::shared_ptr<const PrefixesConfig> prefixes_config(const std::string& yaml) {
  ConfigErrors errors("test");
  auto c = std::make_shared<PrefixesConfig>(parse_prefixes_yaml(yaml, errors));
  EXPECT_TRUE(errors.empty()) << errors.to_string();
  return c;
}

// An announcement of `prefix` with a plain AS_SEQUENCE `path` (its first AS the peer's) from
// peer `peer` of source "rv" at `time_us`.
inline Update announcement(const char* prefix, std::vector<uint32_t> path, const char* peer,
                           int64_t time_us = 0) {
  Update u;
  u.time_us = time_us;
  u.source = "rv";
  u.peer_ip = *IpAddress::parse(peer);
  u.peer_asn = path.front();
  u.prefix = *Prefix::parse(prefix);
  auto a = std::make_shared<RouteAttributes>();
  a->as_path = AsPath::sequence(std::move(path));
  u.attrs = a;
  return u;
}

// A withdrawal of `prefix` by peer `peer` (AS 1) of source "rv" at `time_us`.
inline Update withdrawal(const char* prefix, const char* peer, int64_t time_us = 0) {
  Update u = announcement(prefix, {1}, peer, time_us);
  u.kind = UpdateKind::kWithdraw;
  u.attrs.reset();
  return u;
}

// Every monitor reports from its first peer on: thresholds are tested on their own.
inline MonitorPolicies every_peer() {
  MonitorPolicies p;
  for (auto& m : p) m.threshold_min_peers = 1;
  return p;
}

// One detector in the engine's pipeline, events in memory. `alerts` keeps the STARTED
// notices (one per event), `notices` every notice.
class Detection {
 public:
  // `scorer`: score_event's defaults when unset.
  explicit Detection(Detector& detector, std::shared_ptr<const PrefixesConfig> scope = nullptr,
                     MonitorPolicies policies = every_peer(), EventStore* store = nullptr,
                     EventBook::Scorer scorer = nullptr)
      : table_(scope ? scope : std::make_shared<const PrefixesConfig>()),
        book_(
            table_.peers(), store, collect_, policies,
            scorer ? std::move(scorer) : [](Event& e) { score_event(e); }),
        pipeline_(table_, borrow(detector), book_) {}

  void feed(const Update& u) {
    pipeline_.process(u);
    pipeline_.end_batch();
    collect();
  }
  // Takes the notices raised since the last call (by feed, or by the book directly).
  void collect() {
    for (size_t i = seen_; i < collect_.alerts.size(); ++i) {
      notices.push_back(collect_.alerts[i]);
      if (collect_.alerts[i].notice == EventNotice::kStarted) alerts.push_back(collect_.alerts[i]);
    }
    seen_ = collect_.alerts.size();
  }
  RouteTable& table() { return table_; }
  EventBook& book() { return book_; }

  std::vector<Alert> alerts;
  std::vector<Alert> notices;

 private:
  struct Borrowed : Detector {
    explicit Borrowed(Detector& d) : d(d) {}
    const char* name() const override { return d.name(); }
    void on_update(const Update& u, AlertEmitter& out) override { d.on_update(u, out); }
    Detector& d;
  };
  static std::vector<std::unique_ptr<Detector>> borrow(Detector& d) {
    std::vector<std::unique_ptr<Detector>> v;
    v.push_back(std::make_unique<Borrowed>(d));
    return v;
  }
  CollectAlerts collect_;
  RouteTable table_;
  EventBook book_;
  DetectionPipeline pipeline_;
  size_t seen_ = 0;
};

// Calls fn(update) for every update of an MRT file, in file order.
template <typename Fn>
void for_each_mrt_update(const std::string& path, Fn&& fn) {
  auto stream = open_byte_stream(path);
  EXPECT_TRUE(stream);
  if (!stream) return;
  MrtFileReader reader(std::move(*stream), path, "mrt", nullptr, nullptr);
  std::vector<Update> updates;
  while (reader.next(updates)) {
    for (const auto& u : updates) fn(u);
    updates.clear();
  }
  for (const auto& u : updates) fn(u);
}

// Every update of an MRT file through `detector` in the pipeline; the events it started.
inline std::vector<Alert> run_mrt_file(Detector& detector, const std::string& path,
                                       std::shared_ptr<const PrefixesConfig> scope = nullptr) {
  Detection detection(detector, std::move(scope));
  for_each_mrt_update(path, [&](const Update& u) { detection.feed(u); });
  return detection.alerts;
}

}  // namespace bgpsentry::test
