// RIS Live decoding alone (no WebSocket, no pipeline): the first files of the RouteViews day
// converted to RIS Live messages in memory, as `bgpctl mrt dump --ris-live` writes them, then
// decoded by the agent's RisMessageDecoder, one message at a time as the live source does.
// The live source's thread is the RIS Live bench's limit; this isolates its decoding share.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <stdexcept>

#include "agent/decode/ris_message.h"
#include "agent/ingest/byte_stream.h"
#include "agent/ingest/mrt/archive_files.h"
#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/ingest/read_ahead_stream.h"
#include "agent/wire/ris_message_writer.h"

namespace {

using namespace bgpsentry;

// One message per string, from the first `files` update files of the day.
std::vector<std::string> ris_live_messages(size_t files) {
  auto paths = archive_files_in_time_order(
      {std::string(BGPSENTRY_SHARED_DATA) + "/mrt/routeviews-2008/day-20080223"});
  if (paths.size() > files) paths.resize(files);
  if (paths.empty()) throw std::runtime_error("no MRT files in the RouteViews day");
  std::vector<std::string> messages;
  for (const auto& path : paths) {
    auto stream = open_byte_stream(path);
    if (!stream) throw std::runtime_error("cannot open " + path);
    MrtFileReader reader(read_ahead_stream(std::move(*stream)), path, "bench", nullptr, nullptr);
    std::vector<Update> updates;
    while (reader.next(updates)) {
      wire::for_each_ris_message(updates, [&](std::span<const Update> message) {
        std::string json;
        wire::append_ris_message(message, "route-views2", messages.size() + 1, json);
        messages.push_back(std::move(json));
      });
      updates.clear();
    }
  }
  return messages;
}

void BM_RisLiveDecode(benchmark::State& state) {
  // RIS_DECODE_FILES=1 for a short run (e.g. under callgrind, whose instruction counts do not
  // depend on the machine's neighbours).
  static const auto messages = ris_live_messages(
      std::getenv("RIS_DECODE_FILES") ? std::strtoul(std::getenv("RIS_DECODE_FILES"), nullptr, 10)
                                      : 4);
  RisMessageDecoder decoder;
  size_t updates = 0;
  for (auto _ : state)
    for (const auto& json : messages) {
      auto m = decoder.decode(json, "ris_live");
      if (!m) throw std::runtime_error("decode failed: " + m.error());
      updates += m->updates.size();
    }
  state.SetItemsProcessed(static_cast<int64_t>(messages.size() * state.iterations()));
  state.counters["updates/s"] =
      benchmark::Counter(static_cast<double>(updates), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RisLiveDecode)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
