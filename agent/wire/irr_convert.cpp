#include "agent/wire/irr_convert.h"

#include "agent/wire/proto_convert.h"

namespace bgpsentry::wire {

v1::IrrCheckResult to_proto(const Prefix& prefix, uint32_t asn, const IrrCheck& check,
                            const IrrLoadStats& loaded) {
  v1::IrrCheckResult out;
  out.set_prefix(prefix.to_string());
  out.set_asn(asn);
  switch (check.verdict) {
    case IrrVerdict::kValid:
      out.set_verdict(v1::VALID);
      break;
    case IrrVerdict::kInvalidOrigin:
      out.set_verdict(v1::INVALID_ORIGIN);
      break;
    case IrrVerdict::kNotFound:
      out.set_verdict(v1::NOT_FOUND);
      break;
  }
  for (const auto& r : check.covering) {
    auto* o = out.add_covering();
    o->set_prefix(r.prefix.to_string());
    o->set_origin(r.origin);
    o->set_mnt_by(std::string(r.mnt_by));
    o->set_source(std::string(r.source));
  }
  out.set_objects_loaded(loaded.objects);
  if (loaded.loaded_at_us) *out.mutable_loaded() = to_timestamp(loaded.loaded_at_us);
  return out;
}

}  // namespace bgpsentry::wire
