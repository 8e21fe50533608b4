// RIS Live frames come from the network: any bytes give a message or a reasoned error,
// never a crash; every update decoded is well formed.
#include <cstdlib>

#include "agent/decode/ris_message.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t ris_message(const uint8_t* data, size_t size) {
  static RisMessageDecoder decoder;
  auto m = decoder.decode(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  if (!m) return 0;
  for (const auto& u : m->updates) {
    const bool route = u.kind == UpdateKind::kAnnounce || u.kind == UpdateKind::kWithdraw;
    if (route && u.prefix.length() > max_length(u.prefix.afi())) std::abort();
    if (u.kind == UpdateKind::kAnnounce && !u.attrs) std::abort();
  }
  return m->updates.size();
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::ris_message(data, size);
  return 0;
}
#endif
