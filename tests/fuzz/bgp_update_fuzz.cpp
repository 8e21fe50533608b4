#include "agent/decode/bgp_message.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t bgp_message(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  BgpDecodeOptions options;
  options.four_byte_asn = data[0] & 1;
  options.add_path = data[0] & 2;
  std::vector<Update> out;
  DecodeWarnings warnings;
  (void)decode_bgp_message({data + 1, size - 1}, options, {}, out, &warnings);
  for (const auto& u : out)
    if (u.attrs) (void)u.attrs->as_path.to_string();
  return out.size();
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::bgp_message(data, size);
  return 0;
}
#endif
