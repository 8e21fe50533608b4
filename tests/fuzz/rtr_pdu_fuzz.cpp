// What an RTR cache sends is untrusted: any byte stream gives PDUs or a reasoned error,
// never a crash, and every decoded prefix is a valid VRP.
#include <cstdlib>

#include "agent/rpki/rtr_pdu.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t rtr_stream(const uint8_t* data, size_t size) {
  size_t pdus = 0, at = 0;
  while (size - at >= rtr::kHeaderSize) {
    auto length = rtr::pdu_length(std::span<const uint8_t, rtr::kHeaderSize>(data + at, 8));
    if (!length || *length > size - at) break;
    auto pdu = rtr::decode_pdu(std::span<const uint8_t>(data + at, *length));
    at += *length;
    if (!pdu) continue;
    ++pdus;
    if (pdu->type == rtr::PduType::kIpv4Prefix || pdu->type == rtr::PduType::kIpv6Prefix) {
      const int limit = max_length(pdu->vrp.prefix.afi());
      if (pdu->vrp.prefix.length() > pdu->vrp.max_length || pdu->vrp.max_length > limit)
        std::abort();
    }
  }
  return pdus;
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::rtr_stream(data, size);
  return 0;
}
#endif
