// The longest paths (issue 29, defect 1): updates whose AS path has 1,000 to 20,000 ASNs
// ending in 64500, through the whole detection pipeline as the engine runs it (route table,
// every prefix monitor, the event book), the prefix carrying BGPalerter-style path rules
// of which two take backtracking engines quadratic or exponential time, and AS64500
// watched for new neighbours. Target: under 10 ms per update at 20,000 ASNs.
#include <benchmark/benchmark.h>

#include <stdexcept>

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

namespace {

using namespace bgpsentry;

class CountAlerts : public AlertEmitter {
 public:
  void emit(Alert) override { ++alerts; }
  size_t alerts = 0;
};

std::shared_ptr<const MonitoredIndex> monitored() {
  ConfigErrors errors("bench");
  auto config = std::make_shared<PrefixesConfig>(parse_prefixes_yaml(R"(192.0.2.0/24:
  asn: 64500
  path:
    - match: ".*,64500$"
    - match: "(.*,)*64500$"
    - match: ".*,64501$"
    - notMatch: "^(\\d+,)*1,"
      maxLength: 1000
options:
  monitorASns:
    64500:
      upstreams: [65000]
)",
                                                                     errors));
  if (!errors.empty()) throw std::runtime_error(errors.to_string());
  return std::make_shared<const MonitoredIndex>(std::move(config));
}

void BM_LongPathThroughThePipeline(benchmark::State& state) {
  auto index = monitored();
  RouteTable table(index);
  CountAlerts out;
  EventBook book(table.peers(), nullptr, out, default_monitor_policies(),
                 [](Event& e) { score_event(e); });
  std::vector<std::unique_ptr<Detector>> detectors;
  detectors.push_back(std::make_unique<HijackDetector>(index));
  detectors.push_back(std::make_unique<NewPrefixDetector>(index));
  detectors.push_back(std::make_unique<VisibilityDetector>(index, table));
  detectors.push_back(std::make_unique<PathDetector>(index));
  detectors.push_back(std::make_unique<UnexpectedPrefixDetector>(index));
  detectors.push_back(std::make_unique<SquatDetector>(index));
  detectors.push_back(std::make_unique<NeighborDetector>(index));
  DetectionPipeline pipeline(table, std::move(detectors), book);

  // Two paths taking turns, so that each update changes its peer's route.
  std::vector<Update> updates;
  for (uint32_t variant = 0; variant < 2; ++variant) {
    std::vector<uint32_t> path;
    for (int64_t i = 0; i + 1 < state.range(0); ++i) path.push_back(65000 + variant + i % 500);
    path.push_back(64500);
    Update u;
    u.source = "bench";
    u.peer_ip = *IpAddress::parse("10.0.0.1");
    u.peer_asn = path.front();
    u.prefix = *Prefix::parse("192.0.2.0/24");
    auto attrs = std::make_shared<RouteAttributes>();
    attrs->as_path = AsPath::sequence(std::move(path));
    u.attrs = attrs;
    updates.push_back(std::move(u));
  }
  size_t n = 0;
  for (auto _ : state) {
    pipeline.process(updates[n++ % 2]);
    pipeline.end_batch();
  }
  if (out.alerts == 0) throw std::runtime_error("no rule held");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LongPathThroughThePipeline)
    ->Arg(1000)
    ->Arg(5000)
    ->Arg(20000)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
