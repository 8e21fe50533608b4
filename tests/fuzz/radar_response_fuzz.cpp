// Radar's answers come over the network from outside: any bytes, read as each of the three
// answers, give events with what bgpsentry relies on (an id, prefixes for a hijack) or an
// error that says what is wrong, never a crash.
#include <cstdlib>
#include <string_view>

#include "agent/decode/radar_response.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t radar_response(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  size_t read = 0;
  if (auto h = parse_radar_hijacks(body)) {
    for (const auto& e : h->events)
      if (e.prefixes.empty()) std::abort();
    read += h->events.size();
  } else if (h.error().empty()) {
    std::abort();
  }
  if (auto l = parse_radar_leaks(body)) read += l->events.size();
  if (auto o = parse_radar_pfx2as(body)) read += o->size();
  return read;
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::radar_response(data, size);
  return 0;
}
#endif
