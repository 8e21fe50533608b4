// Decode-only MRT throughput (decompression excluded): the file is decompressed into
// memory once, then read by the real MrtFileReader from memory.
#include <benchmark/benchmark.h>

#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/wire/bgpdump_format.h"

namespace {

std::vector<uint8_t> load(const std::string& path) {
  auto data = bgpsentry::read_all_bytes(path);
  if (!data) throw std::runtime_error(data.error());
  return std::move(*data);
}

// Reads `data` with the real MrtFileReader from memory, handing each record's updates to
// `per_record`; returns the number of updates.
template <typename PerRecord>
size_t read_all(const std::vector<uint8_t>& data, PerRecord&& per_record) {
  bgpsentry::MrtFileReader reader(bgpsentry::memory_byte_stream(data.data(), data.size()), "bench",
                                  "bench", nullptr, nullptr);
  std::vector<bgpsentry::Update> out;
  size_t updates = 0;
  while (reader.next(out)) {
    updates += out.size();
    per_record(reader.record_header(), out);
    out.clear();
  }
  return updates;
}

void BM_MrtDecode(benchmark::State& state, const char* relative) {
  const auto data = load(std::string(BGPSENTRY_SHARED_DATA) + "/" + relative);
  size_t updates = 0;
  for (auto _ : state) updates += read_all(data, [](auto&, auto&) {});
  state.SetItemsProcessed(static_cast<int64_t>(updates));
  state.SetBytesProcessed(static_cast<int64_t>(data.size() * state.iterations()));
}

// Decode and bgpdump -m text, what `bgpctl mrt dump -m` does per core after inflating.
void BM_MrtDumpText(benchmark::State& state, const char* relative) {
  const auto data = load(std::string(BGPSENTRY_SHARED_DATA) + "/" + relative);
  size_t updates = 0;
  std::string text;
  for (auto _ : state)
    updates += read_all(data, [&](const bgpsentry::MrtHeader& header, auto& out) {
      bgpsentry::wire::append_bgpdump_lines(header, out, bgpsentry::wire::BgpdumpStyle::kMachine,
                                            text);
      if (text.size() > (1 << 20)) text.clear();
    });
  state.SetItemsProcessed(static_cast<int64_t>(updates));
  state.SetBytesProcessed(static_cast<int64_t>(data.size() * state.iterations()));
}

BENCHMARK_CAPTURE(BM_MrtDecode, et_header_2015, "mrt/bgpdump-tests/updates.et-header.2015.gz")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MrtDecode, youtube_2008, "mrt/incident-youtube-2008/updates.20080224.1839.bz2")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MrtDecode, table_dump_bview_2002, "mrt/bgpdump-tests/bview.20020722.2337.gz")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MrtDumpText, et_header_2015, "mrt/bgpdump-tests/updates.et-header.2015.gz")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MrtDumpText, table_dump_bview_2002, "mrt/bgpdump-tests/bview.20020722.2337.gz")
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
