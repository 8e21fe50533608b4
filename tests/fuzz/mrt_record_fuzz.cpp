#include "agent/ingest/mrt/mrt_file_reader.h"
#include "agent/wire/bgpdump_format.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t mrt_stream(const uint8_t* data, size_t size) {
  MrtFileReader reader(memory_byte_stream(data, size), "fuzz", "fuzz", nullptr, nullptr);
  std::vector<Update> out;
  std::string text;
  size_t updates = 0;
  while (reader.next(out)) {
    updates += out.size();
    // The bgpdump writer sees every decoded record too: it formats what parsers produce.
    text.clear();
    wire::append_bgpdump_lines(reader.record_header(), out, wire::BgpdumpStyle::kMachine, text);
    out.clear();
  }
  return updates;
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::mrt_stream(data, size);
  return 0;
}
#endif
