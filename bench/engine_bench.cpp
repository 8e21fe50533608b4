// The detection engine alone, replaying the RouteViews day from memory on one core:
//
// 1. throughput: every update through the pipeline (route table, every prefix monitor, event
//    book) with MONITORED real prefixes of the day monitored with their observed origins;
//    updates/s (median of RUNS), the route table's size and memory per route;
// 2. false positives: 1,000 real prefixes with their observed origins (and, as `generate`
//    writes them, the more-specifics announced inside them with theirs) raise no hijack
//    event; the same with 20 of them given a wrong ASN raises exactly those 20 events.
//
// Usage: engine_bench MRT_DIR [MONITORED=100000] [RUNS=3]. Exits 1 when check 2 fails.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include "agent/config/prefixes_config.h"
#include "agent/detect/detection_pipeline.h"
#include "agent/detect/hijack_detector.h"
#include "agent/detect/neighbor_detector.h"
#include "agent/detect/newprefix_detector.h"
#include "agent/detect/path_detector.h"
#include "agent/detect/squat_detector.h"
#include "agent/detect/unexpected_prefix_detector.h"
#include "agent/detect/visibility_detector.h"
#include "agent/events/event_scoring.h"
#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/archive_files.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/ingest/read_ahead_stream.h"

namespace {

using namespace bgpsentry;
using Steady = std::chrono::steady_clock;

double seconds_since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

class Collect : public AlertEmitter {
 public:
  void emit(Alert alert) override { alerts.push_back(std::move(alert)); }
  std::vector<Alert> alerts;
};

struct PrefixFacts {
  std::set<uint32_t> origins;
  std::set<std::pair<std::string, IpAddress>> peers;  // that announced it
  size_t withdrawals = 0;
};

// What the engine found over every update.
struct Outcome {
  std::vector<Alert> started;  // STARTED notices
  RouteTableStats table;
  double seconds = 0;
};

Outcome run(const std::vector<Update>& updates, std::shared_ptr<const PrefixesConfig> prefixes) {
  auto config = std::make_shared<const MonitoredIndex>(std::move(prefixes));
  RouteTable table(config);
  Collect notices;
  EventBook book(table.peers(), nullptr, notices, default_monitor_policies(),
                 [](Event& e) { score_event(e); });
  // ENGINE_DETECTORS=hijack,visibility,…: only these (to see where the time goes).
  const char* only = std::getenv("ENGINE_DETECTORS");
  auto wanted = [&](const char* name) {
    return !only ||
           ("," + std::string(only) + ",").find("," + std::string(name) + ",") != std::string::npos;
  };
  std::vector<std::unique_ptr<Detector>> all;
  all.push_back(std::make_unique<HijackDetector>(config));
  all.push_back(std::make_unique<NewPrefixDetector>(config));
  all.push_back(std::make_unique<VisibilityDetector>(config, table));
  all.push_back(std::make_unique<PathDetector>(config));
  all.push_back(std::make_unique<UnexpectedPrefixDetector>(config));
  all.push_back(std::make_unique<SquatDetector>(config));
  all.push_back(std::make_unique<NeighborDetector>(config));
  std::vector<std::unique_ptr<Detector>> detectors;
  for (auto& d : all)
    if (wanted(d->name())) detectors.push_back(std::move(d));
  DetectionPipeline pipeline(table, std::move(detectors), book);
  const auto start = Steady::now();
  size_t in_batch = 0;
  for (const Update& u : updates) {
    pipeline.process(u);
    if (++in_batch == 4096) {  // the engine flushes per queue batch
      pipeline.end_batch();
      in_batch = 0;
    }
  }
  pipeline.end_batch();
  Outcome out;
  out.seconds = seconds_since(start);
  for (auto& a : notices.alerts)
    if (a.notice == EventNotice::kStarted) out.started.push_back(std::move(a));
  out.table = table.stats();
  return out;
}

std::shared_ptr<const PrefixesConfig> monitor(
    const std::vector<Prefix>& prefixes,
    const std::unordered_map<Prefix, PrefixFacts, PrefixHash>& facts,
    const std::map<Prefix, uint32_t>& wrong = {}) {
  auto config = std::make_shared<PrefixesConfig>();
  for (const Prefix& p : prefixes) {
    MonitoredPrefix m;
    m.prefix = p;
    if (auto w = wrong.find(p); w != wrong.end())
      m.asns = {w->second};
    else
      m.asns.assign(facts.at(p).origins.begin(), facts.at(p).origins.end());
    config->prefixes.push_back(std::move(m));
  }
  return config;
}

bool is_hijack(const Alert& a) {
  return a.type == AlertType::kOriginHijack || a.type == AlertType::kSubprefixHijack;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MRT_DIR [MONITORED=100000] [RUNS=3]\n", argv[0]);
    return 64;
  }
  const size_t monitored_count = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 100000;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 3;

  // The day in memory, in file order, as the engine would receive it.
  std::vector<Update> updates;
  const auto load_start = Steady::now();
  for (const auto& file : archive_files_in_time_order({argv[1]})) {
    auto stream = open_byte_stream(file);
    if (!stream) {
      std::fprintf(stderr, "cannot open %s\n", file.c_str());
      return 1;
    }
    MrtFileReader reader(read_ahead_stream(std::move(*stream)), file, "routeviews", nullptr,
                         nullptr);
    std::vector<Update> batch;
    while (reader.next(batch)) {
      for (auto& u : batch) updates.push_back(std::move(u));
      batch.clear();
    }
    for (auto& u : batch) updates.push_back(std::move(u));
  }
  std::printf("loaded %zu updates in %.1f s\n", updates.size(), seconds_since(load_start));

  std::unordered_map<Prefix, PrefixFacts, PrefixHash> facts;
  for (const Update& u : updates) {
    if (u.safi != Safi::kUnicast || u.kind == UpdateKind::kPeerState) continue;
    auto& f = facts[u.prefix];
    if (u.kind == UpdateKind::kWithdraw) {
      ++f.withdrawals;
    } else if (u.attrs) {
      for (uint32_t o : u.attrs->as_path.origins()) f.origins.insert(o);
      f.peers.emplace(u.source, u.peer_ip);
    }
  }
  std::vector<Prefix> announced;
  for (const auto& [p, f] : facts)
    if (!f.origins.empty()) announced.push_back(p);
  std::sort(announced.begin(), announced.end());
  std::mt19937_64 rng(20080223);
  std::shuffle(announced.begin(), announced.end(), rng);
  std::printf("%zu prefixes announced\n", announced.size());

  // 1. Throughput.
  {
    std::vector<Prefix> chosen(announced.begin(),
                               announced.begin() + std::min(monitored_count, announced.size()));
    const auto config = monitor(chosen, facts);
    std::vector<double> rates;
    Outcome last;
    for (int i = 0; i < runs; ++i) {
      last = run(updates, config);
      rates.push_back(static_cast<double>(updates.size()) / last.seconds);
      std::printf("run %d: %.2f s, %.0f updates/s\n", i + 1, last.seconds, rates.back());
    }
    std::sort(rates.begin(), rates.end());
    const auto& t = last.table;
    std::printf(
        "engine, %zu monitored prefixes: median %.0f updates/s; route table %llu routes to "
        "%llu prefixes, %llu paths, %.1f MB = %.0f bytes/route; %zu events started\n",
        chosen.size(), rates[rates.size() / 2], static_cast<unsigned long long>(t.routes),
        static_cast<unsigned long long>(t.prefixes), static_cast<unsigned long long>(t.paths),
        static_cast<double>(t.bytes) / 1e6,
        t.routes ? static_cast<double>(t.bytes) / static_cast<double>(t.routes) : 0.0,
        last.started.size());
  }

  // 2. False positives: 1,000 prefixes, plus the more-specifics announced inside them.
  std::vector<Prefix> base(announced.begin(),
                           announced.begin() + std::min<size_t>(1000, announced.size()));
  PrefixTrie<bool> base_trie;
  for (const Prefix& p : base) base_trie.insert(p, true);
  std::vector<Prefix> with_more_specifics = base;
  for (const Prefix& p : announced)
    if (!base_trie.find(p) && base_trie.longest_match(p)) with_more_specifics.push_back(p);
  const Outcome clean = run(updates, monitor(with_more_specifics, facts));
  size_t hijacks = 0;
  for (const auto& a : clean.started)
    if (is_hijack(a)) {
      ++hijacks;
      std::printf("  unexpected: %s %s AS%u\n", to_string(a.type), a.prefix.to_string().c_str(),
                  a.observed_origin);
    }
  std::printf(
      "false positives: %zu prefixes monitored (%zu + their more-specifics): %zu hijack "
      "events (want 0)\n",
      with_more_specifics.size(), base.size(), hijacks);

  // 20 of them, each with one origin, carried by >= 3 peers and never withdrawn in the day
  // (so that one event each is the whole truth), given a documentation ASN.
  std::map<Prefix, uint32_t> wrong;
  for (const Prefix& p : base) {
    const auto& f = facts.at(p);
    bool has_inner = false;
    for (const Prefix& q : with_more_specifics) has_inner |= q != p && p.contains(q);
    if (f.origins.size() == 1 && f.peers.size() >= 3 && f.withdrawals == 0 && !has_inner)
      wrong.emplace(p, 64496);
    if (wrong.size() == 20) break;
  }
  const Outcome planted = run(updates, monitor(with_more_specifics, facts, wrong));
  std::set<Prefix> raised;
  size_t planted_hijacks = 0;
  for (const auto& a : planted.started)
    if (is_hijack(a)) {
      ++planted_hijacks;
      raised.insert(a.prefix);
    }
  std::set<Prefix> want;
  for (const auto& [p, asn] : wrong) want.insert(p);
  const bool ok =
      hijacks == 0 && planted_hijacks == wrong.size() && raised == want && wrong.size() == 20;
  std::printf(
      "planted: %zu prefixes given a wrong ASN: %zu hijack events on %zu of them "
      "(want exactly those 20) -> %s\n",
      wrong.size(), planted_hijacks, raised.size(), ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
