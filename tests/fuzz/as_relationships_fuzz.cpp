// CAIDA files come from outside: any text gives relationships or a reasoned error, and
// what parses answers symmetrically (a provider of b means b is a customer of a).
#include <cstdlib>

#include "agent/asrel/as_relationships.h"
#include "agent/asrel/route_leak.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

size_t as_relationships(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rel = AsRelationships::parse(text, "fuzz");
  if (!rel) return 0;
  // The ASNs of the text as a path, judged against the relationships.
  std::vector<uint32_t> asns;
  for (size_t i = 0; i < size && asns.size() < 64; i += 4) asns.push_back(data[i] % 8 + 1);
  if (!asns.empty()) (void)find_route_leak(AsPath::sequence(asns), asns.front(), *rel);
  for (uint32_t a = 1; a <= 8; ++a)
    for (uint32_t b = 1; b <= 8; ++b) {
      const AsRelation ab = rel->relation(a, b), ba = rel->relation(b, a);
      const bool ok = (ab == AsRelation::kProvider) == (ba == AsRelation::kCustomer) &&
                      (ab == AsRelation::kPeer) == (ba == AsRelation::kPeer);
      if (!ok) std::abort();
    }
  return rel->links();
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::as_relationships(data, size);
  return 0;
}
#endif
