// IRR dumps come from outside (mirrors of RADB, RIPE, ARIN): any bytes give route objects
// or named problems, never a crash, and every object given is one a check can use: no host
// bits, an origin, a line within the input.
#include <cstdlib>

#include "agent/ingest/byte_stream.h"
#include "agent/irr/rpsl_routes.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t rpsl_routes(const uint8_t* data, size_t size) {
  auto in = memory_byte_stream(data, size);
  size_t lines = 1;
  for (size_t i = 0; i < size; ++i) lines += data[i] == '\n';
  size_t routes = 0;
  auto st = read_rpsl_routes(
      *in,
      [&](const RouteObject& r) {
        if (r.line == 0 || r.line > lines) std::abort();
        if (!(Prefix(r.prefix.address(), r.prefix.length()) == r.prefix)) std::abort();
        ++routes;
      },
      [&](const RpslProblem& p) {
        if (p.line == 0 || p.line > lines || p.what.empty()) std::abort();
      });
  if (!st) std::abort();  // memory never fails to read
  return routes;
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::rpsl_routes(data, size);
  return 0;
}
#endif
