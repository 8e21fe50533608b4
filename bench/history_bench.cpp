// The history store at scale: the RouteViews day replayed N times (each copy shifted by a
// day, real paths) into a store, then server-side query latencies: a 24-hour
// `history PREFIX` and `route PREFIX --at T`, p50/p99 over random prefixes, and
// `route --at` for the busiest prefixes (the worst case).
// Usage: history_bench DATA_DIR MRT_DIR [COPIES=8] [QUERIES=2000]
// A DATA_DIR that already holds updates is queried as is (no second ingest).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/archive_files.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/ingest/read_ahead_stream.h"
#include "storage/database.h"
#include "storage/history_store.h"
#include "storage/route_view.h"

namespace {

using namespace bgpsentry;
using Clock = std::chrono::steady_clock;
constexpr int64_t kDayUs = 86400ll * 1000000;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Percentiles {
  double p50, p99, max;
};
Percentiles percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DATA_DIR MRT_DIR [COPIES] [QUERIES]\n", argv[0]);
    return 64;
  }
  const std::string data_dir = argv[1];
  const int copies = argc > 3 ? std::atoi(argv[3]) : 8;
  const int queries = argc > 4 ? std::atoi(argv[4]) : 2000;
  auto db = Database::open(data_dir);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().c_str());
    return 1;
  }
  HistoryStore store(**db);
  // CHECKPOINT_UPDATES=N: a route checkpoint per N updates of a prefix (0: none), to
  // measure what checkpoints cost at ingest.
  if (const char* n = std::getenv("CHECKPOINT_UPDATES")) {
    CheckpointPolicy policy;
    policy.updates = std::atoi(n) > 0 ? static_cast<uint32_t>(std::atoi(n)) : UINT32_MAX;
    store.set_checkpoint_policy(policy);
  }
  const auto files = archive_files_in_time_order({argv[2]});
  std::vector<Prefix> prefixes;
  std::vector<Prefix> busiest;  // the 50 with the most updates in that file: the worst case
  int64_t first_us = INT64_MAX;

  if (store.count() == 0) {
    double write_s = 0;
    const auto start = Clock::now();
    for (int copy = 0; copy < copies; ++copy) {
      for (const auto& file : files) {
        auto stream = open_byte_stream(file);
        if (!stream) return 1;
        MrtFileReader reader(read_ahead_stream(std::move(*stream)), file, "routeviews", nullptr,
                             nullptr);
        auto batch = std::make_shared<UpdateBatch>();
        std::vector<BatchPtr> pending;
        auto flush = [&] {
          const auto t = Clock::now();
          if (auto st = store.write(pending); !st) {
            std::fprintf(stderr, "%s\n", st.error().c_str());
            std::exit(1);
          }
          write_s += seconds_since(t);
          pending.clear();
        };
        while (reader.next(batch->updates)) {
          if (batch->updates.size() < 4096) continue;
          for (auto& u : batch->updates) u.time_us += copy * kDayUs;
          pending.push_back(std::move(batch));
          batch = std::make_shared<UpdateBatch>();
          if (pending.size() == 8) flush();
        }
        for (auto& u : batch->updates) u.time_us += copy * kDayUs;
        pending.push_back(std::move(batch));
        flush();
      }
      std::printf("copy %d stored: %llu updates, %.1f s so far (store writes %.1f s)\n", copy + 1,
                  static_cast<unsigned long long>(store.count()), seconds_since(start), write_s);
      std::fflush(stdout);
    }
    const double total_s = seconds_since(start);
    std::printf(
        "ingest: %llu updates in %.1f s (decode on this thread + store) = %.0f updates/s;"
        " store writes alone %.1f s = %.0f updates/s\n",
        static_cast<unsigned long long>(store.count()), total_s,
        static_cast<double>(store.count()) / total_s, write_s,
        static_cast<double>(store.count()) / write_s);
  }

  // Prefixes to query: those of one file, sampled uniformly (busy and quiet alike).
  {
    auto stream = open_byte_stream(files[files.size() / 2]);
    MrtFileReader reader(std::move(*stream), files[0], "routeviews", nullptr, nullptr);
    std::vector<Update> updates;
    while (reader.next(updates)) {
    }
    std::map<Prefix, size_t> counts;
    for (const auto& u : updates)
      if (u.kind != UpdateKind::kPeerState) {
        ++counts[u.prefix];
        first_us = std::min(first_us, u.time_us);
      }
    std::vector<std::pair<size_t, Prefix>> by_count;
    for (const auto& [p, n] : counts) {
      prefixes.push_back(p);
      by_count.emplace_back(n, p);
    }
    std::sort(by_count.rbegin(), by_count.rend());
    for (size_t i = 0; i < by_count.size() && i < 50; ++i) busiest.push_back(by_count[i].second);
  }
  const auto span = store.time_span();
  std::printf("store: %llu updates, %s to %s µs; %.0f bytes (%.2f B/update) in SST+memtables\n",
              static_cast<unsigned long long>(store.count()),
              std::to_string(span->oldest_us).c_str(), std::to_string(span->newest_us).c_str(),
              static_cast<double>((*db)->store_bytes()),
              static_cast<double>((*db)->store_bytes()) / static_cast<double>(store.count()));

  std::mt19937_64 rng(42);
  std::vector<double> history_ms, route_ms;
  size_t rows = 0, routes = 0;
  const int days = static_cast<int>((span->newest_us - span->oldest_us) / kDayUs) + 1;
  for (int i = 0; i < queries; ++i) {
    const Prefix& p = prefixes[rng() % prefixes.size()];
    const int64_t day_start = span->oldest_us + static_cast<int64_t>(rng() % days) * kDayUs;
    HistoryQuery q;
    q.prefix = p;
    q.from_us = day_start;
    q.to_us = day_start + kDayUs - 1;
    auto t = Clock::now();
    auto r = store.scan(q, [&](const Update&) { ++rows; });
    history_ms.push_back(seconds_since(t) * 1000);
    if (!r) return 1;
    t = Clock::now();
    auto view = route_view(store, p, day_start + static_cast<int64_t>(rng() % kDayUs));
    route_ms.push_back(seconds_since(t) * 1000);
    if (!view) return 1;
    routes += view->routes.size();
  }
  std::vector<double> busy_ms;
  for (int i = 0; i < 500; ++i) {
    const int64_t at =
        span->oldest_us +
        static_cast<int64_t>(rng() % static_cast<uint64_t>(span->newest_us - span->oldest_us + 1));
    const auto t = Clock::now();
    auto view = route_view(store, busiest[static_cast<size_t>(i) % busiest.size()], at);
    busy_ms.push_back(seconds_since(t) * 1000);
    if (!view) return 1;
  }
  const auto h = percentiles(history_ms), r = percentiles(route_ms), b = percentiles(busy_ms);
  std::printf(
      "history PREFIX, 24 h (%d queries, %zu updates returned): p50 %.2f ms, p99 %.2f ms,"
      " max %.2f ms\n",
      queries, rows, h.p50, h.p99, h.max);
  std::printf(
      "route PREFIX --at T (%d queries, %zu routes): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      queries, routes, r.p50, r.p99, r.max);
  std::printf(
      "route PREFIX --at T, the %zu busiest prefixes (500 queries): p50 %.2f ms,"
      " p99 %.2f ms, max %.2f ms\n",
      busiest.size(), b.p50, b.p99, b.max);
  return 0;
}
