// VRP exports and SLURM files are read from disk written by another program: whatever they
// hold gives VRPs or an error, never a crash. The first byte picks the parser.
#include "agent/rpki/slurm.h"
#include "agent/rpki/vrp_file.h"
#include "agent/rpki/vrp_set.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t vrp_file(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    auto slurm = parse_slurm(text, "fuzz");
    return slurm ? slurm->filters.size() + slurm->assertions.size() : 0;
  }
  auto file = parse_vrp_file(text, "fuzz");
  if (!file) return 0;
  const VrpSet set(file->vrps);
  for (const auto& v : file->vrps) (void)set.validate(v.prefix, v.asn);
  return file->vrps.size();
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::vrp_file(data, size);
  return 0;
}
#endif
