// prefixes.yml comes from operators, BGPalerter's `generate` and, through ValidateConfig and
// ImportPrefixes, from any viewer or operator on the API: whatever it holds gives a config
// or errors, never a crash, a hang or unbounded memory (aliases, cycles, deep nesting).
#include "agent/config/prefixes_config.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t prefixes_yaml(const uint8_t* data, size_t size) {
  ConfigErrors errors("fuzz");
  const auto config =
      parse_prefixes_yaml(std::string(reinterpret_cast<const char*>(data), size), errors);
  if (errors.errors().size() > ConfigErrors::kMaxListed + 1) __builtin_trap();
  return config.prefixes.size() + config.asns.size();
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::prefixes_yaml(data, size);
  return 0;
}
#endif
